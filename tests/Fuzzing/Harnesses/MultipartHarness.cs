using System.IO.Pipelines;
using System.Text;

using Gateway.Routing;

namespace Gateway.Fuzzing.Harnesses;

/// <summary>
/// Gateway.Routing's <see cref="MultipartReader"/> over a body with the boundary <c>fuzz</c> and small limits.
/// Invariants: only <see cref="HttpException"/> 400 or 413 escapes; the body read whole and one byte per read gives the
/// same parts and the same error; no part exceeds its limit.
/// </summary>
internal sealed class MultipartHarness : IFuzzHarness
{
    private static readonly FormOptions Options = new()
    {
        MaxBodySize = 4096,
        MaxFields = 8,
        MaxFieldSize = 512,
        MaxFileSize = 1024,
        MaxPartHeaderSize = 256,
    };

    public string Name => "multipart";

    public void Run(byte[] input)
    {
        var whole = Read(PipeReader.Create(new System.Buffers.ReadOnlySequence<byte>(input)));
        var trickled = Read(PipeReader.Create(new MemoryStream(input), new StreamPipeReaderOptions(bufferSize: 1, minimumReadSize: 1)));
        if (whole != trickled)
        {
            throw new FuzzInvariantException($"one byte per read differs from the whole body.\nwhole:\n{whole}\n\ntrickled:\n{trickled}");
        }
    }

    private static string Read(PipeReader body)
    {
        var text = new StringBuilder();
        var reader = new MultipartReader("fuzz", body, Options);
        try
        {
            while (reader.ReadNextSectionAsync().AsTask().GetAwaiter().GetResult() is { } section)
            {
                var limit = section.FileName is null ? Options.MaxFieldSize : Options.MaxFileSize;
                if (section.Body.Length > limit)
                {
                    throw new FuzzInvariantException($"a part of {section.Body.Length} bytes passed its {limit}-byte limit");
                }

                text.Append(section.Name).Append('|').Append(section.FileName).Append('|').Append(section.ContentType).Append('|')
                    .Append(string.Join(",", section.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"))).Append('|')
                    .Append(Convert.ToHexString(section.Body.Span)).Append('\n');
            }

            text.Append("end");
        }
        catch (HttpException error) when (error.Status is 400 or 413)
        {
            text.Append("error=").Append(error.Status);
        }

        return text.ToString();
    }
}