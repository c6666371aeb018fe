using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// AdamW (decoupled weight decay; betas 0.9 and 0.999, epsilon 1e-8) over libtorch tensors: the
/// same operations in the same order as TorchSharp's <c>optim.AdamW</c>, so the same model, but
/// with every scalar held until libtorch has read it (TorchSharp's passes temporaries that a
/// collection may finalise mid-call; see <see cref="HeldScalars"/>) and with moment tensors this
/// class owns and <see cref="Dispose"/> frees, where TorchSharp's were left to the finaliser.
/// </summary>
internal sealed class TorchAdamW : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _averages;
    private readonly Tensor[] _squares;
    private readonly int[] _steps;
    private readonly double _weightDecay;

    public TorchAdamW(IReadOnlyList<Parameter> parameters, double learningRate, double weightDecay)
    {
        _parameters = parameters;
        _weightDecay = weightDecay;
        LearningRate = learningRate;
        using var noGrad = no_grad();
        _averages = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _squares = [.. parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _steps = new int[parameters.Count];
    }

    /// <summary>The rate of the next <see cref="Step"/> (the schedule sets it before each).</summary>
    public double LearningRate { get; set; }

    /// <summary>Zeroes the gradients backward() accumulates into (kept allocated for the next step).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        using var noGrad = no_grad();
        using var decay = (1 - (LearningRate * _weightDecay)).ToScalar();
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var rest1 = (1 - Beta1).ToScalar();
        using var rest2 = (1 - Beta2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        for (var i = 0; i < _parameters.Count; i++)
        {
            var parameter = _parameters[i];
            using var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            var step = ++_steps[i];
            parameter.mul_(decay);
            _averages[i].mul_(beta1).add_(grad, alpha: rest1);
            _squares[i].mul_(beta2).addcmul_(grad, grad, value: rest2);
            using var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, step)).ToScalar();
            using var root = _squares[i].sqrt();
            using var denominator = root / correction2;
            denominator.add_(epsilon, HeldScalars.One);
            using var stepSize = (-(LearningRate / (1 - Math.Pow(Beta1, step)))).ToScalar();
            parameter.addcdiv_(_averages[i], denominator, value: stepSize);
        }
    }

    /// <summary>Frees the moment tensors and the parameters' gradients (a fitted network predicts without them).</summary>
    public void Dispose()
    {
        foreach (var tensor in _averages.Concat(_squares))
        {
            tensor.Dispose();
        }

        foreach (var parameter in _parameters)
        {
            parameter.grad = null;
        }
    }
}
