using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Gateway.Fuzzing.Harnesses.Json;

/// <summary>
/// The json harness's checks of one outcome against the body it came from: the status is a documented one (200 with the
/// bound values, 413 over the limit, 400/422 as <c>application/problem+json</c>); a body that is not JSON is exactly one
/// <c>json_invalid</c> error at an offset inside it, and a body that is gives none; every other error's <c>loc</c> is
/// <c>"body"</c> then member names and indexes that lead to the offending value in the body (for <c>missing</c>, to the
/// value that lacks it); a secret's error carries no input; and a bound value satisfies its own DataAnnotations as the
/// BCL's <see cref="Validator"/> reads them.
/// </summary>
internal static class JsonOutcomeChecks
{
    public static void Check(JsonEndpoint endpoint, ReadOnlySpan<byte> body, JsonOutcome outcome)
    {
        if (body.Length > JsonEndpoint.MaxBodySize)
        {
            RequireProblem(outcome, 413);
            return;
        }

        var root = Parse(body, endpoint.Options.MaxDepth);
        switch (outcome.Status)
        {
            case 200:
                Require(outcome.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) == true, outcome, "a 200 that is not the handler's answer");
                Require(root is not null, outcome, "values bound from a body that is not JSON");
                Require(outcome.Bound is { } bound && Array.TrueForAll(bound, v => v is not null), outcome, "the handler ran without its values");
                foreach (var value in outcome.Bound!)
                {
                    CheckAttributes(value!, "body", outcome);
                }

                break;
            case 400:
                RequireProblem(outcome, 400);
                break;
            case 422:
                CheckErrors(endpoint, body, root, RequireProblem(outcome, 422), outcome);
                break;
            default:
                throw new FuzzInvariantException($"status {outcome.Status} is not a documented outcome:\n{outcome.Transcript}");
        }
    }

    private static void CheckErrors(JsonEndpoint endpoint, ReadOnlySpan<byte> body, JsonElement? root, JsonElement[] errors, JsonOutcome outcome)
    {
        Require(errors.Length > 0, outcome, "a 422 without errors");
        if (root is null && !body.IsEmpty)
        {
            Require(errors.Length == 1 && Text(errors[0], "type") == "json_invalid", outcome, "a body that is not JSON must give one json_invalid error");
            var location = Location(errors[0], outcome);
            Require(location is ["body", long offset] && offset >= 0 && offset <= body.Length, outcome, "json_invalid's loc is not an offset in the body");
            return;
        }

        // The model's members start at the body (one parameter) or at the parameter's member of it (two).
        var members = endpoint.Embedded ? 2 : 1;
        foreach (var error in errors)
        {
            var type = Text(error, "type");
            Require(!string.IsNullOrEmpty(type) && type != "json_invalid", outcome, $"error type '{type}' for a body that is JSON");
            Require(!string.IsNullOrEmpty(Text(error, "msg")), outcome, "an error without a message");
            var location = Location(error, outcome);
            Require(location is ["body", ..], outcome, "an error's loc does not start at the body");
            Require(!endpoint.Embedded || location is [_, "order" or "note", ..], outcome, "an error's loc does not name a body parameter");
            if (location.Length > members && location[members] is "password" && (!endpoint.Embedded || location[1] is "order"))
            {
                Require(!error.TryGetProperty("input", out _), outcome, "an error of the secret member shows its input");
            }

            var path = location.AsSpan(1);
            if (type == "missing")
            {
                // The value that lacks the member resolves, and has no member of exactly that name (the binder may have
                // looked for it case-insensitively too). With no body at all, only the body (or a parameter) is missing.
                Require(path.Length > 0 || body.IsEmpty, outcome, "the body is missing but there is one");
                if (root is { } document && path.Length > 0)
                {
                    // A dictionary's keys match exactly, a model's members ignoring case: either reading may be the binder's.
                    var exact = Resolve(document, path[..^1], endpoint.Embedded, membersIgnoreCase: false);
                    var ignoringCase = Resolve(document, path[..^1], endpoint.Embedded, membersIgnoreCase: true);
                    Require(exact is not null || ignoringCase is not null, outcome, $"a missing error's loc {Show(location)} does not lead to a value in the body");
                    Require(Lacks(exact, path[^1]) || Lacks(ignoringCase, path[^1]), outcome, $"{Show(location)} is missing but present");
                }
                else
                {
                    Require(path.Length <= members - 1, outcome, $"a missing error {Show(location)} inside an empty body");
                }
            }
            else
            {
                // Either the loc leads to the offending value, or to a member the object lacks: then the error is about
                // the default the member kept, which its attributes refuse (a [MinLength(1)] list left empty).
                Require(root is { } document && (Resolve(document, path, endpoint.Embedded, false) is not null || Resolve(document, path, endpoint.Embedded, true) is not null || IsAbsentMember(document, path, endpoint.Embedded)), outcome, $"the loc {Show(location)} does not lead to a value in the body");
            }
        }
    }

    // Whether path ends in a member name that the object at the rest of the path does not have.
    private static bool IsAbsentMember(JsonElement root, ReadOnlySpan<object> path, bool embedded) =>
        path.Length > 0 && path[^1] is string
        && (Resolve(root, path[..^1], embedded, false) is { ValueKind: JsonValueKind.Object } || Resolve(root, path[..^1], embedded, true) is { ValueKind: JsonValueKind.Object });

    // Whether the value is not an object holding a member of exactly that name.
    private static bool Lacks(JsonElement? parent, object member) =>
        parent is { } value && (value.ValueKind != JsonValueKind.Object || member is not string name || !value.TryGetProperty(name, out _));

    // Follows member names and array indexes: a body parameter's name (embedded) exactly; then names either as a
    // dictionary's keys (exactly, else ignoring case) or, with membersIgnoreCase, as a model's members with the endpoints'
    // web-default options (the last property whose name matches ignoring case); the last of a repeated name either way.
    private static JsonElement? Resolve(JsonElement root, ReadOnlySpan<object> path, bool embedded, bool membersIgnoreCase)
    {
        var current = root;
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case string name when current.ValueKind == JsonValueKind.Object && embedded && i == 0:
                    if (!current.TryGetProperty(name, out var parameter))
                    {
                        return null;
                    }

                    current = parameter;
                    break;
                case string name when current.ValueKind == JsonValueKind.Object:
                    if (!membersIgnoreCase && current.TryGetProperty(name, out var exact))
                    {
                        current = exact;
                        break;
                    }

                    JsonElement? found = null;
                    foreach (var property in current.EnumerateObject())
                    {
                        if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                        {
                            found = property.Value;
                        }
                    }

                    if (found is null)
                    {
                        return null;
                    }

                    current = found.Value;
                    break;
                case long index when current.ValueKind == JsonValueKind.Array && index >= 0 && index < current.GetArrayLength():
                    current = current[(int)index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    // The binder's own parse: no comments, no trailing commas, its depth limit.
    private static JsonElement? Parse(ReadOnlySpan<byte> body, int maxDepth)
    {
        // JSON text is UTF-8 (RFC 8259 §8.1); System.Text.Json's parser leaves the bytes inside strings unchecked.
        if (body.IsEmpty || !System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = maxDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object[] Location(JsonElement error, JsonOutcome outcome)
    {
        Require(error.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array, outcome, "an error without a loc array");
        var location = new object[loc.GetArrayLength()];
        var i = 0;
        foreach (var item in loc.EnumerateArray())
        {
            location[i++] = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number when item.TryGetInt64(out var index) && index >= 0 => index,
                _ => throw new FuzzInvariantException($"a loc item {item.GetRawText()} is neither a name nor an index:\n{outcome.Transcript}"),
            };
        }

        return location;
    }

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Show(object[] location) => "[" + string.Join(", ", location) + "]";

    private static JsonElement[] RequireProblem(JsonOutcome outcome, int status)
    {
        Require(outcome.Status == status, outcome, $"expected {status}");
        Require(outcome.ContentType == "application/problem+json", outcome, "a problem that is not application/problem+json");
        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(outcome.Body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new FuzzInvariantException($"a problem that is not JSON ({exception.Message}):\n{outcome.Transcript}");
        }

        Require(problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("status", out var written) && written.ValueKind == JsonValueKind.Number && written.GetInt32() == status, outcome, "the problem's status differs from the response's");
        if (status != 422)
        {
            return [];
        }

        Require(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array, outcome, "a 422 problem without an errors array");
        return [.. errors.EnumerateArray()];
    }

    // The models, nested ones included, through the BCL's Validator: what the binder accepted must not break an attribute.
    private static void CheckAttributes(object value, string path, JsonOutcome outcome)
    {
        switch (value)
        {
            case FuzzOrder or FuzzAddress or FuzzNode:
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
                {
                    throw new FuzzInvariantException($"{path} was bound but breaks its attributes ({string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"))}):\n{outcome.Transcript}");
                }

                foreach (var property in value.GetType().GetProperties())
                {
                    if (property.GetIndexParameters().Length == 0 && property.GetValue(value) is { } member)
                    {
                        CheckAttributes(member, $"{path}.{property.Name}", outcome);
                    }
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is { } item)
                    {
                        CheckAttributes(item, $"{path}.{entry.Key}", outcome);
                    }
                }

                break;
            case IEnumerable sequence and not string:
                var index = 0;
                foreach (var item in sequence)
                {
                    if (item is not null)
                    {
                        CheckAttributes(item, $"{path}.{index}", outcome);
                    }

                    index++;
                }

                break;
        }
    }

    private static void Require(bool condition, JsonOutcome outcome, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException($"{what}:\n{outcome.Transcript}");
        }
    }
}
