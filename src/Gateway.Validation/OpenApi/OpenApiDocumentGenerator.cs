using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Gateway.Routing;
using Gateway.Validation.Json;

namespace Gateway.Validation.OpenApi;

/// <summary>Builds an OpenAPI 3.1 document from a router's route table: every HTTP route with its parameters, request
/// body, responses (the 422 problem included) and the schemas of its models.</summary>
internal static partial class OpenApiDocumentGenerator
{
    public static JsonObject Generate(IReadOnlyList<RouteDescriptor> routes, OpenApiOptions options)
    {
        var generators = new Dictionary<System.Text.Json.JsonSerializerOptions, SchemaGenerator>();
        var components = new JsonObject();
        var paths = new JsonObject();
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (route.Kind != RouteKind.Http || Contains<OpenApiExcluded>(route.Metadata))
            {
                continue;
            }

            var endpoint = Find<HandlerEndpoint>(route.Metadata);
            var jsonOptions = endpoint?.JsonOptions ?? JsonDefaults.Options;
            if (!generators.TryGetValue(jsonOptions, out var schemas))
            {
                schemas = new SchemaGenerator(ModelCatalog.For(jsonOptions));
                generators[jsonOptions] = schemas;
            }

            var path = OpenApiPath(route.Path);
            var item = paths[path] as JsonObject ?? [];
            paths[path] = item;
            IReadOnlyList<string> methods = route.Methods.Count == 0 ? ["GET", "POST", "PUT", "DELETE", "PATCH"] : route.Methods;
            foreach (var method in methods)
            {
                if (method == "HEAD" && methods.Contains("GET"))
                {
                    continue;
                }

                var operationId = UniqueOperationId(route, method, path, operationIds);
                item[method.ToLowerInvariant()] = Operation(route, endpoint, schemas, operationId);
            }
        }

        foreach (var schemas in generators.Values)
        {
            foreach (var (name, schema) in schemas.Components)
            {
                if (!components.ContainsKey(name))
                {
                    components[name] = schema!.DeepClone();
                }
            }
        }

        components["ValidationError"] = ValidationErrorSchema();
        components["HTTPValidationError"] = ProblemSchema();
        components["ProblemDetails"] = PlainProblemSchema();
        var info = new JsonObject { ["title"] = options.Title, ["version"] = options.Version };
        if (options.Description is not null)
        {
            info["description"] = options.Description;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = info,
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = components },
        };
    }

    private static JsonObject Operation(RouteDescriptor route, HandlerEndpoint? endpoint, SchemaGenerator schemas, string operationId)
    {
        var operation = new JsonObject();
        if (route.Name is not null)
        {
            operation["summary"] = SchemaGenerator.Title(route.Name);
        }

        operation["operationId"] = operationId;
        var parameters = new JsonArray();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var body = new List<ParameterDescription>();
        var form = new List<ParameterDescription>();
        foreach (var parameter in endpoint?.Parameters ?? [])
        {
            switch (parameter.Source)
            {
                case ParameterSource.Path or ParameterSource.Query or ParameterSource.Header or ParameterSource.Cookie:
                    var schema = schemas.ForSimpleOrCollection(parameter.Type, parameter);
                    var entry = new JsonObject
                    {
                        ["name"] = parameter.Name,
                        ["in"] = parameter.Source.ToString().ToLowerInvariant(),
                        ["required"] = parameter.IsRequired,
                        ["schema"] = schema,
                    };
                    if (parameter.Description is not null)
                    {
                        entry["description"] = parameter.Description;
                    }

                    parameters.Add((JsonNode)entry);
                    if (parameter.Source == ParameterSource.Path)
                    {
                        declared.Add(parameter.Name);
                    }

                    break;
                case ParameterSource.Body:
                    body.Add(parameter);
                    break;
                case ParameterSource.Form:
                    form.Add(parameter);
                    break;
                default:
                    break;
            }
        }

        // Every template parameter must be declared, bound by the handler or not.
        foreach (var parameter in route.Parameters)
        {
            if (declared.Add(parameter.Name))
            {
                parameters.Add((JsonNode)new JsonObject
                {
                    ["name"] = parameter.Name,
                    ["in"] = "path",
                    ["required"] = true,
                    ["schema"] = schemas.ForSimple(parameter.ValueType),
                });
            }
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (body.Count > 0)
        {
            operation["requestBody"] = RequestBody("application/json", body, schemas, operationId, embed: body.Count > 1);
        }
        else if (form.Count > 0)
        {
            operation["requestBody"] = RequestBody("application/x-www-form-urlencoded", form, schemas, operationId, embed: true);
        }

        var responses = new JsonObject();
        var declaredResponses = new List<ProducesResponse>();
        foreach (var item in route.Metadata)
        {
            if (item is ProducesResponse produces)
            {
                declaredResponses.Add(produces);
            }
        }

        // A declared success replaces the inferred one; without either the handler's answer is unknown: "default".
        List<ProducesResponse> documented = declaredResponses.Exists(r => r.Status < 400) ? declaredResponses : [.. endpoint?.Responses ?? [], .. declaredResponses];
        foreach (var response in documented)
        {
            responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ResponseObject(response, schemas);
        }

        if (endpoint is not null && endpoint.Parameters.Any(p => p.Source is not (ParameterSource.Services or ParameterSource.Special or ParameterSource.State)))
        {
            responses["422"] ??= new JsonObject
            {
                ["description"] = "Validation Error",
                ["content"] = new JsonObject { [ProblemDetails.ContentType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/HTTPValidationError" } } },
            };
        }

        if (!documented.Exists(r => r.Status < 400))
        {
            responses["default"] = new JsonObject { ["description"] = "The handler's response (not declared)" };
        }

        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject ResponseObject(ProducesResponse response, SchemaGenerator schemas)
    {
        var result = new JsonObject { ["description"] = response.Description ?? (response.Status < 300 && response.Status != 204 ? "Successful Response" : ProblemDetails.ReasonPhrase(response.Status)) };
        if (response.ContentType is { } contentType)
        {
            var media = new JsonObject();
            if (response.Type == typeof(ProblemDetails))
            {
                media["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" };
            }
            else if (response.Type is { } type)
            {
                media["schema"] = schemas.ForType(type);
            }
            else if (contentType.StartsWith("text/", StringComparison.Ordinal))
            {
                media["schema"] = new JsonObject { ["type"] = "string" };
            }

            result["content"] = new JsonObject { [contentType] = media };
        }

        return result;
    }

    private static JsonObject RequestBody(string mediaType, List<ParameterDescription> parameters, SchemaGenerator schemas, string operationId, bool embed)
    {
        JsonObject schema;
        var required = false;
        if (!embed)
        {
            // The model the binder reads with (nullable already when the parameter is): collections are not cached by type.
            schema = parameters[0].Model is { } model
                ? schemas.ForModel(model)
                : schemas.ForType(parameters[0].Type, parameters[0].IsNullable && !parameters[0].Type.IsValueType);
            SchemaGenerator.ApplyConstraints(schema, parameters[0].ValidationAttributes);
            required = parameters[0].IsRequired;
        }
        else
        {
            var properties = new JsonObject();
            var requiredNames = new JsonArray();
            foreach (var parameter in parameters)
            {
                var property = schemas.ForSimpleOrCollection(parameter.Type, parameter);
                if (property["$ref"] is not null)
                {
                    property = new JsonObject { ["allOf"] = new JsonArray(property) };
                }

                property["title"] = SchemaGenerator.Title(parameter.Name);
                properties[parameter.Name] = property;
                if (parameter.IsRequired)
                {
                    requiredNames.Add((JsonNode)parameter.Name);
                    required = true;
                }
            }

            schema = new JsonObject { ["properties"] = properties, ["type"] = "object", ["title"] = "Body_" + operationId };
            if (requiredNames.Count > 0)
            {
                schema["required"] = requiredNames;
            }
        }

        var requestBody = new JsonObject { ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = schema } } };
        if (required)
        {
            requestBody["required"] = true;
        }

        return requestBody;
    }

    private static string UniqueOperationId(RouteDescriptor route, string method, string path, HashSet<string> used)
    {
        var baseId = route.Name is not null
            ? route.Name.Replace(':', '_')
            : (method.ToLowerInvariant() + NonWord().Replace(path, "_")).TrimEnd('_');
        var id = baseId;
        for (var i = 2; !used.Add(id); i++)
        {
            id = baseId + "_" + method.ToLowerInvariant() + (i > 2 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
        }

        return id;
    }

    /// <summary><c>/users/{id:int}</c> and <c>/files/{*rest}</c> become <c>/users/{id}</c> and <c>/files/{rest}</c>.</summary>
    internal static string OpenApiPath(string template) => TemplateParameter().Replace(template, "{$1}");

    private static JsonObject ValidationErrorSchema() => new()
    {
        ["properties"] = new JsonObject
        {
            ["loc"] = new JsonObject { ["items"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "integer" }) }, ["type"] = "array", ["title"] = "Location" },
            ["msg"] = new JsonObject { ["type"] = "string", ["title"] = "Message" },
            ["type"] = new JsonObject { ["type"] = "string", ["title"] = "Error Type" },
            ["input"] = new JsonObject { ["title"] = "Input" },
            ["ctx"] = new JsonObject { ["type"] = "object", ["title"] = "Context" },
        },
        ["type"] = "object",
        ["required"] = new JsonArray("loc", "msg", "type"),
        ["title"] = "ValidationError",
    };

    private static JsonObject ProblemSchema() => new()
    {
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["title"] = "Type" },
            ["title"] = new JsonObject { ["type"] = "string", ["title"] = "Title" },
            ["status"] = new JsonObject { ["type"] = "integer", ["title"] = "Status" },
            ["detail"] = new JsonObject { ["type"] = "string", ["title"] = "Detail" },
            ["errors"] = new JsonObject { ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/ValidationError" }, ["type"] = "array", ["title"] = "Errors" },
        },
        ["type"] = "object",
        ["required"] = new JsonArray("type", "title", "status", "errors"),
        ["title"] = "HTTPValidationError",
        ["description"] = "An RFC 9457 problem whose errors member lists every validation error in FastAPI's shape.",
    };

    private static JsonObject PlainProblemSchema() => new()
    {
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["title"] = "Type" },
            ["title"] = new JsonObject { ["type"] = "string", ["title"] = "Title" },
            ["status"] = new JsonObject { ["type"] = "integer", ["title"] = "Status" },
            ["detail"] = new JsonObject { ["type"] = "string", ["title"] = "Detail" },
            ["instance"] = new JsonObject { ["type"] = "string", ["title"] = "Instance" },
        },
        ["type"] = "object",
        ["required"] = new JsonArray("type", "title", "status"),
        ["title"] = "ProblemDetails",
        ["description"] = "An RFC 9457 problem (application/problem+json).",
    };

    private static bool Contains<T>(IReadOnlyList<object> metadata) => Find<T>(metadata) is not null;

    private static T? Find<T>(IReadOnlyList<object> metadata)
    {
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i] is T found)
            {
                return found;
            }
        }

        return default;
    }

    [GeneratedRegex(@"\{\*?([^:}]+)(:[^}]*)?\}")]
    private static partial Regex TemplateParameter();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}