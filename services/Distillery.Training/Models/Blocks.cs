namespace Distillery.Training.Models;

/// <summary>Runs a loop over [0, count) in parallel as contiguous blocks of a fixed size.</summary>
internal static class Blocks
{
    public static void For(int count, int blockSize, Action<int, int> body)
    {
        var blocks = (count + blockSize - 1) / blockSize;
        if (blocks <= 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, blocks, block => body(block * blockSize, Math.Min(count, (block + 1) * blockSize)));
    }
}
