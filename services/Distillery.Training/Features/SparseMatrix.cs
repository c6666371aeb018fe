namespace Distillery.Training.Features;

/// <summary>
/// A compressed sparse row matrix of doubles: the feature matrix of a batch of texts (rows) by
/// vocabulary terms or embedding dimensions (columns). Double precision keeps the optimiser's
/// result comparable with scikit-learn's float64 fit.
/// </summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int columns, int[] rowStarts, int[] columnIndices, double[] values)
    {
        if (rowStarts.Length == 0 || rowStarts[^1] != values.Length || columnIndices.Length != values.Length)
        {
            throw new ArgumentException("row starts, column indices and values do not describe one matrix");
        }

        Columns = columns;
        RowStarts = rowStarts;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Rows => RowStarts.Length - 1;

    public int Columns { get; }

    public int[] RowStarts { get; }

    public int[] ColumnIndices { get; }

    public double[] Values { get; }

    public int NonZeros => Values.Length;

    /// <summary>Builds a matrix from per-row (column, value) lists, each already sorted by column.</summary>
    public static SparseMatrix FromRows(int columns, IReadOnlyList<(int[] Columns, double[] Values)> rows)
    {
        var starts = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            starts[i + 1] = starts[i] + rows[i].Columns.Length;
        }

        var indices = new int[starts[^1]];
        var values = new double[starts[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Columns.CopyTo(indices, starts[i]);
            rows[i].Values.CopyTo(values, starts[i]);
        }

        return new SparseMatrix(columns, starts, indices, values);
    }

    /// <summary>A dense matrix stored sparsely (every entry present), so one solver serves both.</summary>
    public static SparseMatrix FromDense(IReadOnlyList<float[]> rows, int columns)
    {
        var starts = new int[rows.Count + 1];
        var indices = new int[rows.Count * columns];
        var values = new double[rows.Count * columns];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != columns)
            {
                throw new ArgumentException($"row {i} has {rows[i].Length} values, expected {columns}");
            }

            starts[i + 1] = starts[i] + columns;
            for (var j = 0; j < columns; j++)
            {
                indices[(i * columns) + j] = j;
                values[(i * columns) + j] = rows[i][j];
            }
        }

        return new SparseMatrix(columns, starts, indices, values);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public SparseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        var starts = new int[rows.Count + 1];
        for (var i = 0; i < rows.Count; i++)
        {
            starts[i + 1] = starts[i] + (RowStarts[rows[i] + 1] - RowStarts[rows[i]]);
        }

        var indices = new int[starts[^1]];
        var values = new double[starts[^1]];
        for (var i = 0; i < rows.Count; i++)
        {
            var from = RowStarts[rows[i]];
            var length = RowStarts[rows[i] + 1] - from;
            Array.Copy(ColumnIndices, from, indices, starts[i], length);
            Array.Copy(Values, from, values, starts[i], length);
        }

        return new SparseMatrix(Columns, starts, indices, values);
    }

    /// <summary>The transpose, also in CSR form (so its rows are this matrix's columns).</summary>
    public SparseMatrix Transpose(int? rows = null)
    {
        var counts = new int[Columns + 1];
        foreach (var column in ColumnIndices)
        {
            counts[column + 1]++;
        }

        for (var j = 0; j < Columns; j++)
        {
            counts[j + 1] += counts[j];
        }

        var next = (int[])counts.Clone();
        var indices = new int[NonZeros];
        var values = new double[NonZeros];
        for (var row = 0; row < Rows; row++)
        {
            for (var k = RowStarts[row]; k < RowStarts[row + 1]; k++)
            {
                var slot = next[ColumnIndices[k]]++;
                indices[slot] = row;
                values[slot] = Values[k];
            }
        }

        return new SparseMatrix(rows ?? Rows, counts, indices, values);
    }

    /// <summary>Dot product of row <paramref name="row"/> with a dense vector.</summary>
    public double RowDot(int row, ReadOnlySpan<double> vector)
    {
        var sum = 0.0;
        for (var k = RowStarts[row]; k < RowStarts[row + 1]; k++)
        {
            sum += Values[k] * vector[ColumnIndices[k]];
        }

        return sum;
    }

    /// <summary>Adds <paramref name="scale"/> times row <paramref name="row"/> to a dense vector.</summary>
    public void AddRowTo(int row, double scale, Span<double> vector)
    {
        for (var k = RowStarts[row]; k < RowStarts[row + 1]; k++)
        {
            vector[ColumnIndices[k]] += scale * Values[k];
        }
    }
}
