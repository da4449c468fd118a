using Gateway.Fuzzing.Harnesses.Json;

namespace Gateway.Fuzzing.Harnesses;

/// <summary>
/// Gateway.Validation's JSON body binding, end to end as a handler runs it: the body read from <c>receive</c>, parsed,
/// bound to <see cref="FuzzOrder"/> (and, with two body parameters, <see cref="FuzzNode"/>) with DataAnnotations
/// validation, and answered with the bound values or a problem. The first input byte picks the handler (bit 0: lax
/// coercion; bit 1: two body parameters, each read from the body member named after it; bit 2: a depth limit of 5), the
/// rest is the body. Invariants: no exception escapes and the status is a documented one; the body posted twice, and in
/// one-byte chunks, gives the same response; and what <see cref="JsonOutcomeChecks"/> checks of errors and bound values.
/// </summary>
internal sealed class JsonBodyHarness : IFuzzHarness
{
    private static readonly JsonEndpoint[] Endpoints = CreateEndpoints();

    public string Name => "json";

    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var endpoint = Endpoints[input[0] & 7];
        var body = input.AsMemory(1);
        var whole = endpoint.Post(body, chunkSize: Math.Max(1, body.Length));
        var again = endpoint.Post(body, chunkSize: Math.Max(1, body.Length));
        if (again.Transcript != whole.Transcript)
        {
            throw new FuzzInvariantException($"the same body gave two responses.\nfirst:\n{whole.Transcript}\n\nsecond:\n{again.Transcript}");
        }

        var trickled = endpoint.Post(body, chunkSize: 1);
        if (trickled.Transcript != whole.Transcript)
        {
            throw new FuzzInvariantException($"one byte per chunk differs from the whole body.\nwhole:\n{whole.Transcript}\n\ntrickled:\n{trickled.Transcript}");
        }

        JsonOutcomeChecks.Check(endpoint, body.Span, whole);
    }

    private static JsonEndpoint[] CreateEndpoints()
    {
        var endpoints = new JsonEndpoint[8];
        for (var configuration = 0; configuration < endpoints.Length; configuration++)
        {
            endpoints[configuration] = JsonEndpoint.Create(lax: (configuration & 1) != 0, embedded: (configuration & 2) != 0, shallow: (configuration & 4) != 0);
        }

        return endpoints;
    }
}
