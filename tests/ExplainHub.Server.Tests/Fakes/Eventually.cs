namespace ExplainHub.Server.Tests.Fakes;

/// <summary>Waits for something another task does (a background watch folding progress), failing after a timeout.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }
}
