namespace Gateway.Server.Tests.Support;

internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, for things the server does just after the client has its
    /// answer (logging, bookkeeping). Returns whether it held in time, for the test to assert.</summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeouts.Default;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>As <see cref="HoldsAsync"/>, for a condition that must be checked asynchronously.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeouts.Default;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}