namespace Gateway.Abstractions.Tests;

public class HeadersTests
{
    [Fact]
    public void Builder_keeps_order_and_duplicates_and_lower_cases_names()
    {
        var headers = new HeadersBuilder()
            .Add("Content-Type", "text/plain")
            .Add("Set-Cookie", "a=1")
            .Add("X-Trace", "abc")
            .Add("SET-COOKIE", "b=2")
            .Build();

        Assert.Equal(4, headers.Count);
        Assert.Equal(["content-type", "set-cookie", "x-trace", "set-cookie"], headers.Select(h => h.NameString));
        Assert.Equal(["text/plain", "a=1", "abc", "b=2"], headers.Select(h => h.ValueString));
    }

    [Fact]
    public void Lookups_ignore_ascii_case_and_return_the_first_value()
    {
        var headers = new HeadersBuilder().Add("accept", "a").Add("Accept", "b").Build();

        Assert.True(headers.TryGetValue("ACCEPT"u8, out var value));
        Assert.Equal("a"u8.ToArray(), value.ToArray());
        Assert.Equal("a", headers.GetValue("Accept"));
        Assert.True(headers.Contains("accept"));
        Assert.True(headers.Contains("aCCept"u8));
        Assert.False(headers.Contains("accep"));
        Assert.False(headers.TryGetValue("accepts"u8, out _));
        Assert.Null(headers.GetValue("host"));
    }

    [Fact]
    public void GetValues_enumerates_every_value_of_a_name_in_order()
    {
        var headers = new HeadersBuilder().Add("cookie", "a=1").Add("host", "h").Add("Cookie", "b=2").Build();

        var values = new List<string>();
        foreach (var value in headers.GetValues("cookie"u8))
        {
            values.Add(System.Text.Encoding.Latin1.GetString(value.Span));
        }

        Assert.Equal(["a=1", "b=2"], values);
    }

    [Fact]
    public void Lookups_do_not_allocate()
    {
        var headers = new HeadersBuilder().Add("host", "example.com").Add("accept", "*/*").Add("user-agent", "test").Build();
        _ = headers.TryGetValue("user-agent"u8, out _);
        var count = 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = headers.TryGetValue("USER-AGENT"u8, out _);
            _ = headers.Contains("accept");
            foreach (var value in headers.GetValues("host"u8))
            {
                count += value.Length;
            }

            foreach (var header in headers)
            {
                count += header.Name.Length;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(count > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("content type")]
    [InlineData("content:type")]
    [InlineData("x\r\nevil")]
    [InlineData("(x)")]
    [InlineData("naïve")]
    public void Invalid_names_are_rejected(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => new HeadersBuilder().Add(name, "v"));
        Assert.Equal("name", exception.ParamName);
    }

    [Theory]
    [InlineData("a\r\nset-cookie: evil=1")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0001b")]
    public void Values_that_could_split_a_message_are_rejected(string value)
    {
        var exception = Assert.Throws<ArgumentException>(() => new HeadersBuilder().Add("x", value));
        Assert.Equal("value", exception.ParamName);
    }

    [Fact]
    public void Values_outside_latin1_are_rejected_but_tabs_and_obs_text_are_kept()
    {
        Assert.Throws<ArgumentException>(() => new HeadersBuilder().Add("x", "snow ☃"));

        var headers = new HeadersBuilder().Add("x", "a\tb é").Build();

        Assert.Equal("a\tb é", headers.GetValue("x"));
        Assert.Equal(new byte[] { (byte)'a', 9, (byte)'b', 32, 0xE9 }, headers[0].Value.ToArray());
    }

    [Fact]
    public void Byte_overloads_validate_like_string_overloads()
    {
        Assert.Throws<ArgumentException>(() => new HeadersBuilder().Add("bad name"u8, "v"u8));
        Assert.Throws<ArgumentException>(() => new HeadersBuilder().Add("x"u8, "a\r\nb"u8));
        Assert.False(HeadersBuilder.IsValidName("a b"u8));
        Assert.True(HeadersBuilder.IsValidName("x-custom_1.2~!"u8));
        Assert.True(HeadersBuilder.IsValidValue(""u8));
        Assert.False(HeadersBuilder.IsValidValue("\n"u8));
    }

    [Fact]
    public void AddWithoutValidation_still_lower_cases_names()
    {
        var headers = new HeadersBuilder().AddWithoutValidation("X-Forwarded-For"u8, "1.2.3.4"u8).Build();

        Assert.Equal("x-forwarded-for", headers[0].NameString);
        Assert.Equal("1.2.3.4", headers.GetValue("x-forwarded-for"));
    }

    [Fact]
    public void Set_replaces_every_field_of_a_name_and_Remove_reports_how_many_went()
    {
        var builder = new HeadersBuilder().Add("vary", "a").Add("x", "1").Add("Vary", "b");

        builder.Set("vary", "accept-encoding");

        var headers = builder.Build();
        Assert.Equal(["x: 1", "vary: accept-encoding"], headers.Select(h => h.ToString()));
        Assert.Equal(1, builder.Remove("X"));
        Assert.Equal(0, builder.Remove("x"));
        Assert.False(builder.Contains("x"));
        Assert.True(builder.Contains("VARY"));
        Assert.Single(builder.Build());
    }

    [Fact]
    public void Builder_is_reusable_and_built_headers_are_independent_of_it()
    {
        var builder = new HeadersBuilder(capacity: 1);
        var first = builder.Add("a", "1").Add("b", new string('x', 1000)).Build();

        builder.Clear();
        var second = builder.Add("c", "3").Build();

        Assert.Equal(["a", "b"], first.Select(h => h.NameString));
        Assert.Equal(1000, first[1].Value.Length);
        Assert.Equal(["c"], second.Select(h => h.NameString));
        Assert.Same(Headers.Empty, new HeadersBuilder().Build());
    }

    [Fact]
    public void Collection_expressions_and_ToBuilder_create_validated_copies()
    {
        Headers headers = [new("Content-Type", "application/json"), new("x-id", "7")];

        var extended = headers.ToBuilder().Add("x-more", "1").Build();

        Assert.Equal("application/json", headers.GetValue("content-type"));
        Assert.Equal(2, headers.Count);
        Assert.Equal(3, extended.Count);
        Assert.Throws<ArgumentException>(() => Headers.Create([new Header("bad name", "v")]));
    }

    [Fact]
    public void Header_equality_compares_bytes_and_ToString_shows_the_wire_form()
    {
        var a = new Header("x", "1");
        var b = new Header("x"u8.ToArray(), "1"u8.ToArray());

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.NotEqual(a, new Header("x", "2"));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("x: 1", a.ToString());
        Assert.Equal("a: 1\nb: 2\n", new HeadersBuilder().Add("a", "1").Add("b", "2").Build().ToString());
    }
}