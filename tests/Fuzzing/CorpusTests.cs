using Gateway.Fuzzing.Harnesses;

namespace Gateway.Fuzzing;

/// <summary>Runs every harness over its corpus (the seeds, and every finding kept as a regression), as CI does.</summary>
public class CorpusTests
{
    public static TheoryData<string> HarnessNames => [.. Program.Harnesses.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(HarnessNames))]
    public void Every_corpus_input_keeps_the_harness_invariants(string name)
    {
        var harness = Program.Find(name);
        var directory = Path.Combine(AppContext.BaseDirectory, "Corpora", name);
        var files = Directory.GetFiles(directory);
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            try
            {
                harness.Run(File.ReadAllBytes(file));
            }
            catch (Exception exception)
            {
                Assert.Fail($"{name}/{Path.GetFileName(file)}: {exception}");
            }
        }
    }
}