namespace Gateway.Benchmarks.Endpoints;

/// <summary><c>POST /users</c> (validated by hand with <see cref="UserInputValidator"/>) and <c>GET /users/{id}</c>.</summary>
internal static class UserEndpoints
{
    /// <summary>The user <c>GET /users/{id}</c> answers, apart from its id.</summary>
    public const string StoredName = "alice";

    /// <summary>The age of that user.</summary>
    public const int StoredAge = 30;

    /// <summary>Reads, validates and answers a <c>POST /users</c>: 201 with the user (id 1), 422 with the problems, or
    /// 413 when the body is larger than <see cref="Responses.MaxUserBodySize"/>.</summary>
    /// <param name="receive">The request's receive.</param>
    /// <param name="send">The request's send.</param>
    /// <returns>A task that completes when the response was sent or the client left.</returns>
    public static async ValueTask CreateAsync(Receive receive, Send send)
    {
        var (status, body) = await RequestBody.ReadAsync(receive, Responses.MaxUserBodySize).ConfigureAwait(false);
        if (status == RequestBody.ReadStatus.TooLarge)
        {
            await Responses.PayloadTooLargeAsync(send).ConfigureAwait(false);
        }
        else if (status == RequestBody.ReadStatus.Complete)
        {
            var sending = UserInputValidator.TryValidate(body.Span, out var user, out var problem)
                ? Responses.SendJsonAsync(send, Responses.CreatedStart, user, BenchmarkJsonContext.Default.User)
                : Responses.SendAsync(send, Responses.UnprocessableStart, new HttpResponseBody(problem));
            await sending.ConfigureAwait(false);
        }

        // Disconnected: the client left, there is no one to answer.
    }

    /// <summary>Answers <c>GET /users/{id}</c>: <c>{"id":id,"name":"alice","age":30}</c>.</summary>
    /// <param name="id">The id from the path.</param>
    /// <param name="send">The request's send.</param>
    /// <returns>A task that completes when the response was sent.</returns>
    public static ValueTask GetAsync(int id, Send send) =>
        Responses.SendJsonAsync(send, Responses.JsonStart, new User(id, StoredName, StoredAge), BenchmarkJsonContext.Default.User);
}