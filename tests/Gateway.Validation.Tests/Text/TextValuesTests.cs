using System.Text;

using Gateway.Validation.Text;

namespace Gateway.Validation.Tests.Text;

public class TextValuesTests
{
    [Fact]
    public void Url_encoded_pairs_decode_plus_and_percent_escapes_and_keep_repeats_in_order()
    {
        var values = TextValues.ParseUrlEncoded("a=1&b=x+y%21&a=2&empty=&flag&&caf%C3%A9=%E2%82%AC"u8);

        Assert.Equal(2, values.CountOf("a"));
        var all = new string[2];
        values.CopyValues("a", all);
        Assert.Equal(["1", "2"], all);
        Assert.True(values.TryGetFirst("b", out var b));
        Assert.Equal("x y!", b);
        Assert.True(values.TryGetFirst("empty", out var empty));
        Assert.Equal(string.Empty, empty);
        Assert.True(values.TryGetFirst("flag", out _));
        Assert.True(values.TryGetFirst("café", out var euro));
        Assert.Equal("€", euro);
        Assert.False(values.TryGetFirst("missing", out _));
    }

    [Fact]
    public void A_malformed_escape_is_kept_as_it_is()
    {
        var values = TextValues.ParseUrlEncoded("q=100%&r=%zz"u8);

        Assert.True(values.TryGetFirst("q", out var q));
        Assert.True(values.TryGetFirst("r", out var r));
        Assert.Equal(("100%", "%zz"), (q, r));
    }

    [Fact]
    public void Cookies_split_on_semicolons_with_quotes_removed_and_plus_kept()
    {
        var pairs = new List<KeyValuePair<string, string>>();

        TextValues.AddCookies(pairs, Encoding.ASCII.GetBytes("a=1; b=\"two words\";c=x+y; novalue; =skip"));

        Assert.Equal([new("a", "1"), new("b", "two words"), new("c", "x+y")], pairs);
    }
}