using System.Text;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class PerMessageDeflateNegotiatorTests
{
    private const string Pmd = "permessage-deflate";

    // Offer (one Sec-WebSocket-Extensions value) → the response value, or null when every offer is declined.
    public static TheoryData<string, string?> Table => new()
    {
        // Each parameter alone
        { Pmd, Pmd },
        { "permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover" },
        { "permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover" },
        { "permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15" },
        { "permessage-deflate; client_max_window_bits", Pmd },
        { "permessage-deflate; client_max_window_bits=8", Pmd + "; client_max_window_bits=8" },
        { "permessage-deflate; client_max_window_bits=15", Pmd + "; client_max_window_bits=15" },
        { "permessage-deflate; client_max_window_bits=\"10\"", Pmd + "; client_max_window_bits=10" },
        { "permessage-deflate; server_max_window_bits=\"15\"", "permessage-deflate; server_max_window_bits=15" },
        {
            "permessage-deflate; client_max_window_bits; server_max_window_bits=15; client_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15"
        },

        // A server window below 15 cannot be honored with .NET 10's DeflateStream
        { "permessage-deflate; server_max_window_bits=8", null },
        { "permessage-deflate; server_max_window_bits=14", null },

        // Invalid parameters decline the offer
        { "permessage-deflate; server_max_window_bits", null },
        { "permessage-deflate; server_max_window_bits=7", null },
        { "permessage-deflate; server_max_window_bits=16", null },
        { "permessage-deflate; server_max_window_bits=015", null },
        { "permessage-deflate; server_max_window_bits=1a", null },
        { "permessage-deflate; client_max_window_bits=7", null },
        { "permessage-deflate; client_max_window_bits=16", null },
        { "permessage-deflate; client_max_window_bits=", null },
        { "permessage-deflate; client_max_window_bits=\"1 0\"", null },
        { "permessage-deflate; client_max_window_bits=\"10", null },
        { "permessage-deflate; server_no_context_takeover=1", null },
        { "permessage-deflate; client_no_context_takeover=true", null },
        { "permessage-deflate; server_no_context_takeover; server_no_context_takeover", null },
        { "permessage-deflate; client_max_window_bits; client_max_window_bits=10", null },
        { "permessage-deflate; server_max_window_bits=15; server_max_window_bits=15", null },
        { "permessage-deflate; unknown_parameter", null },
        { "permessage-deflate;", null },
        { "permessage-deflate; =15", null },
        { "permessage-deflate garbage", null },
        { "; permessage-deflate", null },
        { "", null },

        // Several offers: the first acceptable one wins
        { "permessage-deflate; server_max_window_bits=10, permessage-deflate", Pmd },
        { "permessage-deflate; bogus, permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover" },
        { "permessage-deflate; client_max_window_bits=\"a,b\", permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover" },
        { "permessage-deflate; server_no_context_takeover, permessage-deflate", "permessage-deflate; server_no_context_takeover" },

        // Other extensions are skipped; names, spacing and case are lenient where HTTP allows
        { "x-webkit-deflate-frame, permessage-deflate", Pmd },
        { "foo; bar=\"quoted, with comma\"; baz, permessage-deflate", Pmd },
        { "mux; max-channels=4; flow-control", null },
        { " , ,permessage-deflate ;\tclient_max_window_bits , ", Pmd },
        { "PerMessage-Deflate; Server_No_Context_Takeover", "permessage-deflate; server_no_context_takeover" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Offers_are_accepted_or_declined(string offer, string? response)
    {
        var accepted = PerMessageDeflateNegotiator.TryNegotiate(Encoding.ASCII.GetBytes(offer), new WebSocketCompressionOptions(), out var parameters);

        Assert.Equal(response, accepted ? parameters.ToString() : null);
    }

    [Fact]
    public void Offers_on_several_header_lines_are_considered_in_order()
    {
        Headers headers = [new("sec-websocket-extensions", "permessage-deflate; server_max_window_bits=9"), new("sec-websocket-extensions", "permessage-deflate; client_no_context_takeover")];

        Assert.True(PerMessageDeflateNegotiator.TryNegotiate(headers, new WebSocketCompressionOptions(), out var parameters));
        Assert.Equal(new PerMessageDeflateParameters(false, true, 0), parameters);
    }

    [Fact]
    public void Nothing_is_negotiated_when_compression_is_disabled_or_not_offered()
    {
        Headers offered = [new("sec-websocket-extensions", Pmd)];

        Assert.False(PerMessageDeflateNegotiator.TryNegotiate(offered, new WebSocketCompressionOptions { Enabled = false }, out _));
        Assert.False(PerMessageDeflateNegotiator.TryNegotiate(Headers.Empty, new WebSocketCompressionOptions(), out _));
    }

    [Fact]
    public void The_server_may_ask_for_no_context_takeover_on_either_side()
    {
        var options = new WebSocketCompressionOptions { ServerNoContextTakeover = true, ClientNoContextTakeover = true };

        Assert.True(PerMessageDeflateNegotiator.TryNegotiate(Encoding.ASCII.GetBytes(Pmd), options, out var parameters));
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", parameters.ToString());
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(10)]
    public void Compression_levels_outside_zlib_range_are_refused(int level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketCompressionOptions { CompressionLevel = level });
    }
}