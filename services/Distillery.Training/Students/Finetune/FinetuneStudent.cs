using System.Diagnostics;
using Distillery.Domain.Randomness;
using Distillery.Training.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// <c>finetune</c>: the pretrained encoder itself trained on the targets (hard labels, or the
/// teacher's probabilities with <c>soft_labels</c>), with TorchSharp: mean pooling over the real
/// tokens, a linear head, the cross-entropy against the targets, AdamW with a linear warm-up and
/// a linear decay, stopping early on a stratified held-out slice and keeping the best epoch's
/// weights. On CPU the same data, settings, seed and thread count give the same model; on CUDA
/// (chosen automatically when the process has a CUDA build of libtorch) kernels may not be
/// deterministic.
/// </summary>
public sealed class FinetuneStudent(IEncoderCatalog catalog, FinetuneOptions options) : IStudent
{
    public const string KindName = "finetune";

    public string Kind => KindName;

    public IEncoderCatalog Catalog { get; } = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public FinetuneOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public async Task<FittedStudent> FitAsync(TrainingSet data, ulong seed, IProgress<StudentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = Stopwatch.StartNew();
        EncoderFiles files;
        try
        {
            files = await Catalog.GetAsync(Options.Encoder, cancellationToken);
        }
        catch (EncoderFilesException e)
        {
            throw new StudentTrainingException($"'{KindName}' student: {e.Message}", e) { Setting = "encoder" };
        }

        if (Options.MaxLength > files.MaxLength)
        {
            throw new StudentTrainingException($"'{KindName}' student: setting 'max_length' {Options.MaxLength} is beyond encoder '{files.Name}''s limit {files.MaxLength}") { Setting = "max_length" };
        }

        var tokenizer = await EncoderTokenizer.LoadAsync(files);
        var ids = data.Texts.Select(text => tokenizer.Ids(text, Options.MaxLength)).ToList();
        var pretrained = PretrainedWeights.Of(files);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        await TorchRuntime.Gate.WaitAsync(cancellationToken);
        try
        {
            TorchRuntime.UseThreads(Options.Threads);
            // The generator handle it returns is not needed: released now rather than by the finaliser.
            manual_seed(unchecked((long)seed)).Dispose();

            var network = Build(files, pretrained, data.Labels.Count);
            try
            {
                var report = Train(network, data, ids, seed, progress, cancellationToken);
                var weights = Changed(network, network.Trainable(Options.FreezeLayers));
                report["load_seconds"] = loadSeconds;
                report["train_seconds"] = clock.Elapsed.TotalSeconds - loadSeconds;
                report["cuda"] = TorchRuntime.Device.type == DeviceType.CUDA ? 1 : 0;
                return new FittedStudent(new FinetuneModel(data.Labels, Catalog, files, Options.MaxLength, network, tokenizer, weights) { Threads = Options.Threads }, report);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
        finally
        {
            TorchRuntime.Gate.Release();
            NativeHeap.Trim();
        }
    }

    /// <summary>The network for <paramref name="classes"/> labels with the encoder's pretrained weights, on the process's device.</summary>
    internal static FinetuneNetwork Build(EncoderFiles files, IReadOnlyDictionary<string, WeightTensor> pretrained, int classes)
    {
        var device = TorchRuntime.Device;
        var network = new FinetuneNetwork(BertConfig.Of(files.Name, pretrained), classes);
        network.Encoder.Load(pretrained, files.Name);
        return network.to(device);
    }

    /// <summary>The values of the <paramref name="trainable"/> parameters, copied out of libtorch, by name.</summary>
    private static List<KeyValuePair<string, WeightTensor>> Changed(FinetuneNetwork network, HashSet<string> trainable)
    {
        using var scope = NewDisposeScope();
        return [.. network.named_parameters()
            .Where(p => trainable.Contains(p.name))
            .Select(p => new KeyValuePair<string, WeightTensor>(p.name, new WeightTensor(p.parameter.shape, p.parameter.detach().cpu().data<float>().ToArray())))];
    }

    private Dictionary<string, double> Train(FinetuneNetwork network, TrainingSet data, List<long[]> ids, ulong seed, IProgress<StudentProgress>? progress, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.Device;
        var trainable = network.Trainable(Options.FreezeLayers);
        var parameters = network.named_parameters().ToList();
        foreach (var (name, parameter) in parameters)
        {
            parameter.requires_grad = trainable.Contains(name);
        }

        var optimized = parameters.Where(p => p.parameter.requires_grad).Select(p => p.parameter).ToList();
        using var optimizer = new TorchAdamW(optimized, Options.LearningRate, Options.WeightDecay);
        using var best = new WeightSnapshot(optimized);
        var itemWeights = ClassWeights.For(data.Targets, Options.ClassWeight);
        var (train, held) = StratifiedHoldout.Split(data.HardLabels(), Options.ValidationFraction, seed);
        var stepsPerEpoch = (train.Length + Options.BatchSize - 1) / Options.BatchSize;
        var totalSteps = stepsPerEpoch * Options.Epochs;
        var warmup = (int)Math.Ceiling(Options.WarmupFraction * totalSteps);
        var shuffle = DeterministicRandom.For(seed, "finetune-batches");
        var order = train.ToArray();
        var (step, epoch, bestEpoch, stale) = (0, 0, 0, 0);
        var bestLoss = double.PositiveInfinity;
        for (epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            network.train();
            shuffle.Shuffle(order);
            var activity = $"fine-tuning epoch {epoch}/{Options.Epochs}";
            progress?.Report(new StudentProgress(activity, step, totalSteps));
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var rows = order[start..Math.Min(order.Length, start + Options.BatchSize)];
                optimizer.ZeroGrad();
                var loss = Loss(network, data, itemWeights, ids, rows, device);
                loss.backward();
                nn.utils.clip_grad_norm_(optimized, 1.0);
                step++;
                optimizer.LearningRate = Options.LearningRate * Schedule(step, warmup, totalSteps);
                optimizer.Step();
                progress?.Report(new StudentProgress(activity, step, totalSteps));
            }

            if (held.Length == 0)
            {
                bestEpoch = epoch;
                continue;
            }

            var validation = ValidationLoss(network, data, itemWeights, ids, held, device);
            if (validation < bestLoss)
            {
                (bestLoss, bestEpoch, stale) = (validation, epoch, 0);
                best.Take();
            }
            else if (++stale >= Options.Patience)
            {
                break;
            }
        }

        if (best.Taken && bestEpoch < Math.Min(epoch, Options.Epochs))
        {
            best.Restore();
        }

        network.eval();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["epochs"] = Math.Min(epoch, Options.Epochs),
            ["best_epoch"] = bestEpoch,
            ["best_validation_loss"] = held.Length == 0 ? double.NaN : bestLoss,
            ["steps"] = step,
            ["train_items"] = train.Length,
            ["validation_items"] = held.Length,
            ["trainable_parameters"] = parameters.Where(p => trainable.Contains(p.name)).Sum(p => p.parameter.numel()),
        };
    }

    /// <summary>
    /// The learning rate's factor at <paramref name="step"/> (1-based): rising linearly to 1 over the
    /// warm-up steps, then falling linearly so that it would reach 0 one step after the last.
    /// </summary>
    internal static double Schedule(int step, int warmup, int totalSteps) =>
        step <= warmup
            ? (double)step / warmup
            : Math.Max(0.0, (double)(totalSteps - step + 1) / (totalSteps - warmup + 1));

    /// <summary>The weighted mean cross-entropy of the <paramref name="rows"/> against their targets.</summary>
    private static Tensor Loss(FinetuneNetwork network, TrainingSet data, double[] itemWeights, List<long[]> ids, int[] rows, Device device)
    {
        var (inputIds, mask) = FinetuneModel.Batch(ids, rows, device);
        var logits = network.call(inputIds, mask);
        var classes = data.Labels.Count;
        var targets = tensor(rows.SelectMany(row => data.Targets[row].Select(p => (float)p)).ToArray(), [rows.Length, classes]).to(device);
        var weights = tensor(rows.Select(row => (float)itemWeights[row]).ToArray()).to(device);
        var perItem = -(targets * nn.functional.log_softmax(logits, -1)).sum(-1);
        using var count = ((long)rows.Length).ToScalar();
        return (perItem * weights).sum() / count;
    }

    private double ValidationLoss(FinetuneNetwork network, TrainingSet data, double[] itemWeights, List<long[]> ids, int[] held, Device device)
    {
        network.eval();
        using var noGrad = no_grad();
        var total = 0.0;
        for (var start = 0; start < held.Length; start += Options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var rows = held[start..Math.Min(held.Length, start + Options.BatchSize)];
            total += Loss(network, data, itemWeights, ids, rows, device).item<float>() * rows.Length;
        }

        return total / held.Length;
    }
}
