using Gateway.Fuzzing.Harnesses;

namespace Gateway.Fuzzing;

/// <summary>
/// <c>Gateway.Fuzzing &lt;harness&gt;</c> runs one harness under AFL++ through SharpFuzz (instrument Gateway.Server.dll,
/// Gateway.Routing.dll and Gateway.Validation.dll first, see README.md); <c>Gateway.Fuzzing replay &lt;harness&gt; &lt;file-or-directory&gt;...</c>
/// runs it over files, to reproduce a finding.
/// </summary>
public static class Program
{
    internal static readonly IFuzzHarness[] Harnesses =
    [
        new Http1RequestHarness(),
        new WebSocketFrameHarness(),
        new MultipartHarness(),
        new UrlHarness(),
        new JsonBodyHarness(),
    ];

    public static int Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "replay")
        {
            var harness = Find(args[1]);
            foreach (var path in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]))
            {
                Console.WriteLine(path);
                harness.Run(File.ReadAllBytes(path));
            }

            return 0;
        }

        if (args.Length == 1)
        {
            var harness = Find(args[0]);
            SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                harness.Run(copy.ToArray());
            });
            return 0;
        }

        Console.Error.WriteLine($"usage: Gateway.Fuzzing <{string.Join('|', Harnesses.Select(h => h.Name))}>  |  Gateway.Fuzzing replay <harness> <path>...");
        return 2;
    }

    internal static IFuzzHarness Find(string name) =>
        Harnesses.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"No harness '{name}'.", nameof(name));
}