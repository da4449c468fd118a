using System.Text;

using Gateway.Routing;
using Gateway.Validation.Binding;

namespace Gateway.Validation.Tests.Binding;

public class TextSourcesTests
{
    [Theory]
    [InlineData("userAgent", "user-agent")]
    [InlineData("user_agent", "user-agent")]
    [InlineData("XRequestId", "x-request-id")]
    [InlineData("x_request_id", "x-request-id")]
    [InlineData("accept", "accept")]
    public void Parameter_names_fold_to_lower_case_header_names(string parameter, string header) =>
        Assert.Equal(header, TextSources.HeaderName(parameter));

    [Theory]
    [InlineData("x-request-id", "x_request_id", true)]
    [InlineData("x_request_id", "x-request-id", true)]
    [InlineData("X-Request-Id", "x-request-id", true)]
    [InlineData("x-request", "x-request-id", false)]
    [InlineData("x-requestxid", "x-request-id", false)]
    public void Header_names_match_ignoring_case_with_dash_and_underscore_folded(string actual, string expected, bool matches) =>
        Assert.Equal(matches, TextSources.HeaderNameMatches(Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(expected)));
}