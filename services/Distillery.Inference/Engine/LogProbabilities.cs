using System.Buffers;
using System.Numerics.Tensors;

namespace Distillery.Inference.Engine;

/// <summary>Log-probabilities from logits (a log-softmax over the vocabulary), computed with SIMD.</summary>
internal static class LogProbabilities
{
    /// <summary>log Σ exp(logits), the normaliser: a token's log-probability is its logit minus this.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = TensorPrimitives.Max(logits);
        var shifted = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            var span = shifted.AsSpan(0, logits.Length);
            TensorPrimitives.Subtract(logits, max, span);
            TensorPrimitives.Exp(span, span);
            return max + Math.Log(TensorPrimitives.Sum<float>(span));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(shifted);
        }
    }

    /// <summary>The <paramref name="count"/> most likely tokens with their log-probabilities, most likely first.</summary>
    public static (int Token, double LogProbability)[] Top(ReadOnlySpan<float> logits, int count, double logSumExp)
    {
        count = Math.Min(count, logits.Length);
        if (count <= 0)
        {
            return [];
        }

        var top = new List<(int Token, float Logit)>(count + 1);
        for (var token = 0; token < logits.Length; token++)
        {
            var logit = logits[token];
            if (top.Count == count && logit <= top[^1].Logit)
            {
                continue;
            }

            var at = top.FindIndex(entry => logit > entry.Logit);
            top.Insert(at < 0 ? top.Count : at, (token, logit));
            if (top.Count > count)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        return [.. top.Select(entry => (entry.Token, entry.Logit - logSumExp))];
    }

    /// <summary>A softmax over scores given as log-likelihoods, in double precision.</summary>
    public static double[] Normalise(ReadOnlySpan<double> logLikelihoods)
    {
        var max = double.NegativeInfinity;
        foreach (var value in logLikelihoods)
        {
            max = Math.Max(max, value);
        }

        var result = new double[logLikelihoods.Length];
        var sum = 0.0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Math.Exp(logLikelihoods[i] - max);
            sum += result[i];
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= sum;
        }

        return result;
    }
}
