using Distillery.Training.Features;

namespace Distillery.Training.Models;

/// <summary>The linear scores W x + b of one row, with parameters laid out output by output as [w₁…w_d, b].</summary>
internal static class LogisticScores
{
    public static void Compute(SparseMatrix x, int row, ReadOnlySpan<double> parameters, int outputs, Span<double> scores)
    {
        var stride = x.Columns + 1;
        for (var k = 0; k < outputs; k++)
        {
            var block = parameters.Slice(k * stride, stride);
            scores[k] = x.RowDot(row, block) + block[x.Columns];
        }
    }
}
