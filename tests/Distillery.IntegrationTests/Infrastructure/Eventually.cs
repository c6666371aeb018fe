namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Waits for something asynchronous with a generous deadline, failing with what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> Within<T>(Task<T> task, TimeSpan deadline, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(deadline));
        return finished == task
            ? await task
            : throw new TimeoutException($"{what} did not happen within {deadline.TotalSeconds:0} s");
    }
}
