using Gateway.Benchmarks.Endpoints;
using Gateway.Routing;

namespace Gateway.Benchmarks.Routed;

/// <summary>
/// The Gateway.Validation handlers of the routed shapes: <see cref="RoutedApp"/> maps them so that the source generator
/// intercepts the calls, <see cref="RoutedReflectionApp"/> so that it cannot (they are planned by reflection). One set
/// of handlers, so the two shapes differ only in how each handler's binding plan was made.
/// </summary>
internal static class RoutedHandlers
{
    /// <summary><c>GET /json</c>.</summary>
    /// <returns>The message, written as JSON.</returns>
    public static HelloMessage Json() => new("Hello, World!");

    /// <summary><c>POST /users</c>: the body bound and validated by its annotations.</summary>
    /// <param name="user">The new user.</param>
    /// <returns>201 with the user (id 1).</returns>
    public static Response CreateUser(CreateUser user) => Results.Json(new User(1, user.Name, user.Age), 201);

    /// <summary><c>GET /users/{id:int}</c>.</summary>
    /// <param name="id">The id from the path.</param>
    /// <returns>The stored user with that id.</returns>
    public static User GetUser(int id) => new(id, UserEndpoints.StoredName, UserEndpoints.StoredAge);
}