namespace Gateway.Testing.Tests;

/// <summary>What the test apps throw when a test needs an app to fail.</summary>
public sealed class TestAppException : Exception
{
    public TestAppException()
        : base("The app failed.")
    {
    }

    public TestAppException(string message)
        : base(message)
    {
    }

    public TestAppException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}