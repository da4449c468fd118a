using System.Text.Json;

namespace Gateway.Validation.Handlers;

/// <summary>The JSON being bound: checked once, whole, then read by the models with readers opened at value offsets.</summary>
internal sealed partial class RequestContext
{
    private ReadOnlyMemory<byte> _json;
    private int _jsonBase;
    private JsonTokenType _rootToken;
    private RootMember[]? _rootMembers;
    private int _rootMemberCount;

    /// <summary>Whether there is JSON to bind from: a non-empty body (or message) that <see cref="TryLoadJson"/> found
    /// well-formed.</summary>
    public bool HasJson => _rootToken != JsonTokenType.None;

    /// <summary>Checks that <paramref name="json"/> is well-formed JSON within <see cref="Routing.HandlerOptions.MaxDepth"/>, in one
    /// pass with System.Text.Json's reader (so a syntax error reads exactly as a <see cref="JsonDocument"/> would report it),
    /// and keeps it for the binders, which read it without checking it again.</summary>
    /// <param name="json">The text; it must stay valid while the request is bound.</param>
    /// <param name="error">The syntax error, when there is one.</param>
    /// <returns><see langword="false"/> when the text is not well-formed.</returns>
    /// <remarks>The pass also notes where the root object's members are (<see cref="RootMembers"/>), so that binding the
    /// root object does not scan the text a second time.</remarks>
    public bool TryLoadJson(ReadOnlyMemory<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out JsonException? error)
    {
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        var rootToken = JsonTokenType.None;
        _rootMemberCount = 0;
        try
        {
            reader.Read();
            rootToken = reader.TokenType;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var member = new RootMember((int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped, 0);
                    reader.Read();
                    AddRootMember(member with { ValueOffset = (int)reader.TokenStartIndex });
                }
            }
        }
        catch (JsonException exception)
        {
            error = exception;
            return false;
        }

        _json = json;
        _rootToken = rootToken;
        _jsonBase = 0;
        error = null;
        return true;
    }

    /// <summary>Whether the loaded JSON's root is an object (whose members are <see cref="RootMembers"/>).</summary>
    public bool RootIsObject => _rootToken == JsonTokenType.StartObject;

    /// <summary>Whether the loaded JSON's root is <c>null</c>.</summary>
    public bool RootIsNull => _rootToken == JsonTokenType.Null;

    /// <summary>The root object's members in the order written, repeated ones included.</summary>
    public ReadOnlySpan<RootMember> RootMembers => _rootMembers.AsSpan(0, _rootMemberCount);

    /// <summary><paramref name="length"/> bytes of the loaded JSON from <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> JsonBytes(int offset, int length) => _json.Span.Slice(offset, length);

    private void AddRootMember(RootMember member)
    {
        if (_rootMembers is null || _rootMemberCount == _rootMembers.Length)
        {
            // Pooled and bounded by the body: a member takes at least four bytes ("":0).
            var grown = System.Buffers.ArrayPool<RootMember>.Shared.Rent(Math.Max(8, _rootMemberCount * 2));
            if (_rootMembers is not null)
            {
                _rootMembers.AsSpan(0, _rootMemberCount).CopyTo(grown);
                System.Buffers.ArrayPool<RootMember>.Shared.Return(_rootMembers);
            }

            _rootMembers = grown;
        }

        _rootMembers[_rootMemberCount++] = member;
    }

    /// <summary>A reader on the first token of the value at <paramref name="offset"/> in the loaded JSON. Offsets the models
    /// note (<see cref="JsonOffset"/>) count from the new reader's start until <see cref="CloseJson"/> is called with
    /// <paramref name="outer"/>.</summary>
    public Utf8JsonReader OpenJson(int offset, out int outer)
    {
        outer = _jsonBase;
        _jsonBase = offset;
        var reader = new Utf8JsonReader(_json.Span[offset..], ReaderOptions);
        reader.Read();
        return reader;
    }

    /// <summary>Ends reading at an offset: offsets count from the enclosing reader's start again.</summary>
    public void CloseJson(int outer) => _jsonBase = outer;

    /// <summary>The offset in the loaded JSON of the token <paramref name="reader"/> (the innermost open one) is on.</summary>
    public int JsonOffset(ref Utf8JsonReader reader) => _jsonBase + (int)reader.TokenStartIndex;

    /// <summary>The bytes from <paramref name="start"/> to <paramref name="end"/>, counted as the innermost open reader
    /// counts them.</summary>
    public ReadOnlySpan<byte> JsonText(int start, int end) => _json.Span[(_jsonBase + start)..(_jsonBase + end)];

    /// <summary>The offset of the value of the root object's member <paramref name="utf8Name"/> (the last, when repeated,
    /// as a parsed document finds it); <see cref="Json.ObjectMember.Absent"/> when the root is not an object or has no such
    /// member.</summary>
    public int FindRootMember(ReadOnlySpan<byte> utf8Name)
    {
        var found = Json.ObjectMember.Absent;
        if (!RootIsObject)
        {
            return found;
        }

        foreach (var member in RootMembers)
        {
            bool match;
            if (member.NameIsEscaped)
            {
                var reader = new Utf8JsonReader(_json.Span[member.NameOffset..], ReaderOptions);
                reader.Read();
                match = reader.ValueTextEquals(utf8Name);
            }
            else
            {
                match = JsonBytes(member.NameOffset + 1, member.NameLength).SequenceEqual(utf8Name);
            }

            if (match)
            {
                found = member.ValueOffset;
            }
        }

        return found;
    }

    private JsonReaderOptions ReaderOptions => new() { MaxDepth = _plan.Options.MaxDepth };
}
