using System.Numerics.Tensors;

namespace Distillery.Training.Optimization;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), step for step as PyTorch's
/// <c>torch.optim.AdamW</c>: each parameter in a decayed range first shrinks by
/// learning rate × weight decay, then moves by the bias-corrected first moment over the
/// square root of the bias-corrected second moment plus ε. Decay is decoupled from the
/// gradient so it regularises every weight alike whatever its gradient's scale; biases are
/// conventionally left out of it, which is why the caller names the decayed ranges.
/// </summary>
/// <remarks>
/// Every operation is element-wise, so the result does not depend on the vector width the
/// hardware offers, only on the order of the steps.
/// </remarks>
public sealed class AdamW
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;
    private readonly float[] _scratch;
    private readonly Range[] _decayed;
    private double _beta1Power = 1.0;
    private double _beta2Power = 1.0;

    public AdamW(int parameterCount, IReadOnlyList<Range> decayed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ArgumentNullException.ThrowIfNull(decayed);
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
        _scratch = new float[parameterCount];
        _decayed = [.. decayed];
        foreach (var range in _decayed)
        {
            _ = range.GetOffsetAndLength(parameterCount);
        }
    }

    public double LearningRate { get; init; } = 1e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay λ: a decayed parameter is multiplied by 1 − learning rate × λ each step.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    public int Steps { get; private set; }

    /// <summary>One update of <paramref name="parameters"/> against the gradient of the loss there.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (parameters.Length != _firstMoment.Length || gradient.Length != _firstMoment.Length)
        {
            throw new ArgumentException($"the optimiser tracks {_firstMoment.Length} parameters, got {parameters.Length} parameters and {gradient.Length} gradient values");
        }

        Steps++;
        _beta1Power *= Beta1;
        _beta2Power *= Beta2;

        var shrink = (float)(1.0 - (LearningRate * WeightDecay));
        foreach (var range in _decayed)
        {
            TensorPrimitives.Multiply(parameters[range], shrink, parameters[range]);
        }

        // m ← β₁ m + (1 − β₁) g and v ← β₂ v + (1 − β₂) g².
        TensorPrimitives.Multiply(_firstMoment, (float)Beta1, _firstMoment);
        TensorPrimitives.MultiplyAdd(gradient, (float)(1.0 - Beta1), _firstMoment, _firstMoment);
        TensorPrimitives.Multiply(gradient, gradient, _scratch);
        TensorPrimitives.Multiply(_secondMoment, (float)Beta2, _secondMoment);
        TensorPrimitives.MultiplyAdd(_scratch, (float)(1.0 - Beta2), _secondMoment, _secondMoment);

        // p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
        var stepSize = (float)(LearningRate / (1.0 - _beta1Power));
        var secondCorrection = (float)Math.Sqrt(1.0 - _beta2Power);
        TensorPrimitives.Sqrt(_secondMoment, _scratch);
        TensorPrimitives.Divide(_scratch, secondCorrection, _scratch);
        TensorPrimitives.Add(_scratch, (float)Epsilon, _scratch);
        TensorPrimitives.Divide(_firstMoment, _scratch, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, -stepSize, parameters, parameters);
    }
}
