using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1KnownHeadersTests
{
    [Theory]
    [InlineData("te", "TE")]
    [InlineData("Te", "TE")]
    [InlineData("host", "Host")]
    [InlineData("HOST", "Host")]
    [InlineData("Expect", "Expect")]
    [InlineData("upgrade", "Upgrade")]
    [InlineData("UpGrAdE", "Upgrade")]
    [InlineData("Connection", "Connection")]
    [InlineData("content-length", "ContentLength")]
    [InlineData("CONTENT-LENGTH", "ContentLength")]
    [InlineData("Transfer-Encoding", "TransferEncoding")]
    [InlineData("TRANSFER-ENCODING", "TransferEncoding")]
    [InlineData("tf", "Other")]
    [InlineData("hosts", "Other")]
    [InlineData("hist", "Other")]
    [InlineData("expecT", "Expect")]
    [InlineData("expeck", "Other")]
    [InlineData("upgrad", "Other")]
    [InlineData("upgradf", "Other")]
    [InlineData("uprgade", "Other")]
    [InlineData("connectiom", "Other")]
    [InlineData("content_length", "Other")]
    [InlineData("content-lengtH", "ContentLength")]
    [InlineData("content-lenght", "Other")]
    [InlineData("transfer-encodinG", "TransferEncoding")]
    [InlineData("transfer-encodinf", "Other")]
    [InlineData("transfer_encoding", "Other")]
    [InlineData("x-transfer-encoding", "Other")]
    [InlineData("", "Other")]
    public void Classifies_request_field_names(string name, string kind)
    {
        Assert.Equal(Enum.Parse<Http1KnownHeader>(kind), Http1KnownHeaders.Classify(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void No_other_token_of_the_same_length_matches()
    {
        // Every single-byte change of each name to another token byte must stop it matching (the OR-0x20 trick must
        // only fold letter case).
        var tokenBytes = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();
        foreach (var name in new[] { "te", "host", "expect", "upgrade", "connection", "content-length", "transfer-encoding" })
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            for (var i = 0; i < bytes.Length; i++)
            {
                foreach (var replacement in tokenBytes)
                {
                    var changed = (byte[])bytes.Clone();
                    changed[i] = replacement;
                    var sameLetter = (replacement | 0x20) == bytes[i] && char.IsAsciiLetter((char)replacement);
                    var expected = replacement == bytes[i] || sameLetter;
                    Assert.Equal(expected, Http1KnownHeaders.Classify(changed) != Http1KnownHeader.Other);
                }
            }
        }
    }
}