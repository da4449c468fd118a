namespace Gateway.Fuzzing.Harnesses;

/// <summary>An invariant a harness checks did not hold: a finding, never an expected outcome.</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}