using System.Text;

namespace Gateway.Testing.Tests;

public class RequestTargetTests
{
    [Theory]
    [InlineData("http://testserver/a%2Fb", "/a/b", "/a%2Fb")]
    [InlineData("http://testserver/%E2%82%AC", "/€", "/%E2%82%AC")]
    [InlineData("http://testserver/x/../y", "/y", "/y")]
    [InlineData("http://testserver/a b", "/a b", "/a%20b")]
    public void Path_is_decoded_as_utf8_from_the_bytes_a_client_sends(string uri, string path, string rawPath)
    {
        var target = RequestTarget.From(new Uri(uri), string.Empty);

        Assert.Equal(path, target.Path);
        Assert.Equal(rawPath, Encoding.ASCII.GetString(target.RawPath.Span));
    }

    [Fact]
    public void Non_ascii_query_characters_are_sent_percent_encoded()
    {
        var target = RequestTarget.From(new Uri("http://testserver/?q=é"), string.Empty);

        Assert.Equal("q=%C3%A9", Encoding.ASCII.GetString(target.QueryString.Span));
    }

    [Theory]
    [InlineData("http://testserver/", "testserver")]
    [InlineData("https://testserver:443/", "testserver")]
    [InlineData("https://testserver:8443/", "testserver:8443")]
    [InlineData("http://[::1]:8080/", "[::1]:8080")]
    public void Host_header_omits_the_default_port(string uri, string host)
    {
        Assert.Equal(host, RequestTarget.HostHeader(new Uri(uri)));
    }
}