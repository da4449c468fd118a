namespace Gateway.Fuzzing.Harnesses;

/// <summary>One fuzz target: runs a parser over arbitrary bytes and throws when an invariant breaks. The exceptions a
/// parser documents for bad input are caught inside; anything that escapes <see cref="Run"/> is a finding.</summary>
internal interface IFuzzHarness
{
    /// <summary>The harness's name on the command line and its corpus directory under <c>Corpora/</c>.</summary>
    string Name { get; }

    /// <summary>Runs the parser over <paramref name="input"/>, checking the harness's invariants.</summary>
    void Run(byte[] input);
}