using System.Diagnostics.CodeAnalysis;

namespace Gateway.Routing.Tests.Templates;

public class RouteTemplateTests
{
    [Theory]
    [InlineData("users")]
    [InlineData("/users/{id:nope}")]
    [InlineData("/users/{}")]
    [InlineData("/users/{a-b}")]
    [InlineData("/users/x{id}")]
    [InlineData("/a/{*rest}/b")]
    [InlineData("/a/{id}/{id}")]
    public void Malformed_templates_are_refused_at_registration(string template)
    {
        Assert.Throws<FormatException>(() => new Router().MapGet(template, Apps.Text("x")));
    }

    [Fact]
    public void Starlette_path_convertor_spelling_is_a_catch_all()
    {
        var template = RouteTemplate.Parse("/files/{rest:path}");

        Assert.True(template.HasCatchAll);
        Assert.True(template.TryMatch("/files/a/b", out var values));
        Assert.Equal("a/b", values["rest"]);
    }

    [Fact]
    public void A_prefix_matches_itself_and_what_continues_with_a_slash()
    {
        var prefix = RouteTemplate.ParsePrefix("/api/{v:int}/");

        Assert.Equal("/api/{v:int}", prefix.Text);
        Assert.True(prefix.TryMatchPrefix("/api/2/x", out var values, out var length));
        Assert.Equal((2, 6), ((int)values["v"], length));
        Assert.True(prefix.TryMatchPrefix("/api/2", out _, out length));
        Assert.Equal(6, length);
        Assert.False(prefix.TryMatchPrefix("/api/x", out _, out _));
        Assert.Throws<FormatException>(() => RouteTemplate.ParsePrefix("/a/{*rest}"));
    }

    [Fact]
    public async Task Custom_convertors_come_from_the_routers_registry()
    {
        var options = new RouterOptions();
        options.Convertors.Add(new YearConvertor());
        var router = new Router(options);
        router.MapGet("/archive/{year:year}", Apps.Describe()).WithName("archive");
        await using var client = new TestClient(router);

        var body = await client.GetStringAsync("/archive/2024").WaitAsync(Apps.Timeout);
        using var refused = await client.GetAsync("/archive/99").WaitAsync(Apps.Timeout);

        Assert.EndsWith("year=01/01/2024:DateOnly,", body);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("/archive/2024", router.UrlFor("archive", new { year = new DateOnly(2024, 1, 1) }));
    }

    private sealed class YearConvertor : RouteConvertor
    {
        public override string Name => "year";

        public override Type ValueType => typeof(DateOnly);

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = segment.Length == 4 && int.TryParse(segment, out var year) ? new DateOnly(year, 1, 1) : null;
            return value is not null;
        }

        public override string Format(object value) => ((DateOnly)value).Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }
}