using System.Text;
using System.Text.Unicode;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class Utf8StreamValidatorTests
{
    // Valid UTF-8 exercising every sequence length and the boundaries of each range.
    public static TheoryData<string> Valid => new()
    {
        "",
        "plain ascii",
        "\u0080\u07FF",                 // 2-byte min and max
        "\u0800\uFFFD\uD7FF\uE000",     // 3-byte, around the surrogate gap
        "\U00010000\U0010FFFF",         // 4-byte min and max
        "κόσμε 日本語 🎉 mixed",
    };

    // Invalid inputs, with the index of the first byte after which no continuation can make them valid.
    public static TheoryData<string, int> Invalid => new()
    {
        { "C0", 0 },           // never a valid lead (overlong)
        { "C1BF", 0 },
        { "F5", 0 },           // above U+10FFFF
        { "FF", 0 },
        { "80", 0 },           // a continuation without a lead
        { "41BF", 1 },
        { "E080", 1 },         // overlong 3-byte
        { "EDA0", 1 },         // UTF-16 surrogate
        { "F080", 1 },         // overlong 4-byte
        { "F490", 1 },         // above U+10FFFF
        { "E282E2", 2 },       // a new lead where a continuation must be
        { "F09F9841", 3 },
        { "CEBAE1BDB9CF83CEBCCEB5EDA080656469746564", 12 }, // the Autobahn 6.3.1 shape
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_text_is_valid_however_it_is_split(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split1 = 0; split1 <= bytes.Length; split1++)
        {
            for (var split2 = split1; split2 <= bytes.Length; split2++)
            {
                var validator = default(Utf8StreamValidator);
                Assert.True(validator.Append(bytes.AsSpan(0, split1)));
                Assert.True(validator.Append(bytes.AsSpan(split1, split2 - split1)));
                Assert.True(validator.Append(bytes.AsSpan(split2)));
                Assert.True(validator.IsComplete);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_text_fails_on_the_byte_that_makes_it_invalid(string hex, int failsAt)
    {
        var bytes = Convert.FromHexString(hex);

        // Byte by byte: every byte before failsAt is accepted, the one at failsAt is refused.
        var validator = default(Utf8StreamValidator);
        for (var i = 0; i < failsAt; i++)
        {
            Assert.True(validator.Append(bytes.AsSpan(i, 1)), $"byte {i} refused too early");
        }

        Assert.False(validator.Append(bytes.AsSpan(failsAt, 1)));

        // In one piece ending right there, and whole.
        validator = default;
        Assert.False(validator.Append(bytes.AsSpan(0, failsAt + 1)));
        validator = default;
        Assert.False(validator.Append(bytes));
    }

    [Theory]
    [InlineData("E282")]
    [InlineData("F09F98")]
    [InlineData("C3")]
    [InlineData("41F4")]
    public void A_cut_sequence_is_accepted_but_not_complete(string hex)
    {
        var validator = default(Utf8StreamValidator);

        Assert.True(validator.Append(Convert.FromHexString(hex)));
        Assert.False(validator.IsComplete);
    }

    [Fact]
    public void Agrees_with_the_bcl_on_random_input_split_anywhere()
    {
        var random = new Random(42);
        var alphabet = new byte[] { 0x41, 0x7F, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x90, 0x8F };
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = new byte[random.Next(1, 12)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }

            var split = random.Next(bytes.Length + 1);
            var validator = default(Utf8StreamValidator);
            var accepted = validator.Append(bytes.AsSpan(0, split)) && validator.Append(bytes.AsSpan(split)) && validator.IsComplete;

            Assert.True(Utf8.IsValid(bytes) == accepted, Convert.ToHexString(bytes) + " split at " + split);
        }
    }
}