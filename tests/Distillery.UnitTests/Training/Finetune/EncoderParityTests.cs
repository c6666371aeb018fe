using Distillery.Training.Encoders;
using Distillery.Training.Students.Finetune;
using Distillery.UnitTests.Training.Encoders;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Distillery.UnitTests.Training.Finetune;

[Collection(LibTorchTests.Name)]
public sealed class EncoderParityTests(ITestOutputHelper output)
{
    private static readonly string[] Texts =
    [
        "The cat sits on the mat.",
        "Parliament passed the budget after a long debate about taxes and spending.",
        "ok",
    ];

    [Fact]
    public async Task The_onnx_initializers_name_every_linear_layer_with_pytorch_s_shape()
    {
        var weights = OnnxWeights.Read((await MiniLm.FilesAsync()).ModelPath);

        Assert.Equal([384, 384], weights["encoder.layer.0.attention.self.query.weight"].Shape);
        Assert.Equal([1536, 384], weights["encoder.layer.5.intermediate.dense.weight"].Shape);
        Assert.Equal([384, 1536], weights["encoder.layer.5.output.dense.weight"].Shape);
        Assert.Equal([30522, 384], weights["embeddings.word_embeddings.weight"].Shape);
        Assert.Equal(new BertConfig(30522, 384, 6, 12, 1536, 512, 2), BertConfig.Of(PackagedMiniLm.Name, weights));
    }

    [Fact]
    public async Task TorchSharp_s_encoder_gives_onnx_runtime_s_last_hidden_state()
    {
        var files = await MiniLm.FilesAsync();
        var tokenizer = await EncoderTokenizer.LoadAsync(files);
        var batch = tokenizer.Encode(Texts, 64);
        var shape = new[] { batch.Count, batch.Length };

        float[] expected;
        using (var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 })
        using (var session = new InferenceSession(files.ModelPath, options))
        {
            var inputs = new[]
            {
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(batch.InputIds, shape)),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(batch.AttentionMask, shape)),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(batch.TokenTypeIds, shape)),
            };
            using var results = session.Run(inputs, ["last_hidden_state"]);
            expected = [.. results[0].AsEnumerable<float>()];
        }

        set_num_threads(1);
        var weights = OnnxWeights.Read(files.ModelPath);
        using var encoder = new BertEncoder(BertConfig.Of(files.Name, weights));
        encoder.Load(weights, files.Name);
        encoder.eval();
        float[] actual;
        using (no_grad())
        {
            using var ids = tensor(batch.InputIds, [batch.Count, batch.Length]);
            using var mask = tensor(batch.AttentionMask, [batch.Count, batch.Length]);
            using var types = tensor(batch.TokenTypeIds, [batch.Count, batch.Length]);
            using var hidden = encoder.call(ids, mask, types);
            actual = hidden.data<float>().ToArray();
        }

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"max |torchsharp - onnxruntime| over {expected.Length} values: {worst:E3}");
        Assert.True(worst < 1e-4, $"max abs difference {worst}");
    }
}
