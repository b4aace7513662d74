using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using PreprocessGen.Runtime.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace PreprocessGen.Onnx.Tests;

/// <summary>
/// A real pretrained model from a package: Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1. Our config and pipeline
/// against the package's own two-model chain (ResNetPreprocess.onnx, then ResNet18.onnx) on the same pixels, and what
/// a wrong config costs.
/// </summary>
public sealed class ResNet18Tests : IDisposable
{
    private static string Models => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
    internal static string ResNet => Path.Combine(Models, "ResNet18Onnx", "ResNet18.onnx");
    private static string Prep => Path.Combine(Models, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
    internal static string ConfigPath => Path.Combine(AppContext.BaseDirectory, "configs", "resnet18-dnnimagefeaturizer.preprocess.json");

    private readonly ITestOutputHelper _log;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ppg-resnet-" + Guid.NewGuid().ToString("N"));

    public ResNet18Tests(ITestOutputHelper log) => _log = log;

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    internal static PreprocessSpec Spec()
    {
        var parsed = PreprocessConfig.Load(ConfigPath);
        Assert.True(parsed.Success, string.Join("\n", parsed.Problems));
        return parsed.Spec!;
    }

    private static float[] RunOne(InferenceSession s, float[] input)
    {
        using var v = OrtValue.CreateTensorValueFromMemory(input, new long[] { 1, 3, 224, 224 });
        using var r = s.Run(new RunOptions(), new[] { s.InputMetadata.Keys.Single() }, new[] { v }, s.OutputMetadata.Keys.ToArray());
        return r[0].GetTensorDataAsSpan<float>().ToArray();
    }

    internal static double Cosine(float[] a, float[] b)
    {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            d += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return d / Math.Sqrt(na * nb);
    }

    internal static string[] PhotoFiles() => Directory.GetFiles(SessionTests.Photos, "*.jpg").OrderBy(f => f, StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_committed_mean_image_is_the_prep_models_own()
    {
        using var prep = new InferenceSession(Prep);
        float[] minusMean = RunOne(prep, new float[3 * 224 * 224]); // 0 - MeanImage, BGR planes
        var ours = MeanImages.Load(Spec().MeanImage!, 224, 224);
        const int plane = 224 * 224;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < plane; i++)
                Assert.Equal(-minusMean[(2 - c) * plane + i], ours[c * plane + i]);
    }

    [Fact]
    public void Our_tensors_and_features_match_the_packages_chain_on_real_photos()
    {
        using var session = PreprocessedSession.Load(ResNet, preprocess: Spec());
        Assert.Equal("Input247", session.InputName);
        Assert.Equal(1, session.FixedBatchSize);
        using var prep = new InferenceSession(Prep);
        using var net = new InferenceSession(ResNet);
        const int plane = 224 * 224;
        double worst = 1;
        foreach (string file in PhotoFiles())
        {
            var image = ImageDecoder.Load(file);
            var bytes = new byte[plane * 3];
            session.Pipeline.RunToBytes(image.AsPixelBuffer(), bytes);
            var planar = new float[plane * 3];
            for (int i = 0; i < plane; i++)
                for (int c = 0; c < 3; c++) planar[c * plane + i] = bytes[3 * i + c];
            float[] reference = RunOne(prep, planar);

            var ours = new float[plane * 3];
            session.Pipeline.ToTensor(bytes, ours);
            int differing = 0;
            for (int i = 0; i < ours.Length; i++) if (BitConverter.SingleToInt32Bits(ours[i]) != BitConverter.SingleToInt32Bits(reference[i])) differing++;
            Assert.True(differing == 0, $"{file}: {differing} tensor values differ from ResNetPreprocess.onnx");

            var output = Assert.Single(session.Run(image));
            Assert.Equal(new long[] { 1, 512, 1, 1 }, output.Shape);
            double cos = Cosine(output.Values, RunOne(net, reference));
            worst = Math.Min(worst, cos);
            Assert.True(cos >= 0.9999, $"{file}: cosine {cos}");
        }

        _log.WriteLine($"worst cosine to the package's chain over {PhotoFiles().Length} photos: {worst:R}");
    }

    /// <summary>The wrong configs a hand-written C# pipeline plausibly uses for this model.</summary>
    internal static IEnumerable<(string Name, PreprocessSpec Spec)> WrongConfigs(PreprocessSpec right)
    {
        yield return ("OpenAI CLIP normalisation (x/255, CLIP mean/std, RGB)", new PreprocessSpec { Interpolation = right.Interpolation });
        yield return ("per-channel mean instead of the mean image", right with { MeanImage = null, Mean = new Rgb(123.15163078, 115.90288236, 103.06262402) });
        yield return ("squash to 224x224 instead of shortest side + crop", right with { ResizeMode = ResizeMode.Squash });
        yield return ("RGB planes instead of BGR", right with { ChannelOrder = ChannelOrder.Rgb });
    }

    [Fact]
    public void A_wrong_config_costs_feature_similarity_and_neighbour_rankings()
    {
        var files = PhotoFiles();
        var right = Spec();
        using var session = PreprocessedSession.Load(ResNet, preprocess: right);
        var images = files.Select(ImageDecoder.Load).ToList();
        var correct = Features(session, right, images);
        var (correctHits, correctNeighbours) = Neighbours(files, correct);
        _log.WriteLine($"correct config: nearest neighbour is the other view of the same photo for {correctHits} of {files.Length}");
        foreach (var (name, wrong) in WrongConfigs(right))
        {
            var feats = Features(session, wrong, images);
            var cos = feats.Select((f, i) => Cosine(f, correct[i])).ToList();
            var (hits, neighbours) = Neighbours(files, feats);
            int changed = neighbours.Where((n, i) => n != correctNeighbours[i]).Count();
            double flipped = FlippedOrders(correct, feats);
            _log.WriteLine($"{name}: cosine to correct features min {cos.Min():F4}, mean {cos.Average():F4}; same-photo neighbour {hits}/{files.Length}; nearest neighbour changed {changed}/{files.Length}; ranking order of other photos flipped for {flipped:P1} of (query, a, b) triples");
            Assert.True(cos.Min() < 0.9999, $"{name} should change the features");
        }

        Assert.True(correctHits >= files.Length / 2, $"the correct config finds the other view for only {correctHits} photos");
    }

    private static List<float[]> Features(PreprocessedSession session, PreprocessSpec spec, List<DecodedImage> images)
    {
        var pipeline = new PreprocessPipeline(spec);
        return images.Select(img => Assert.Single(session.RunTensor(pipeline.Run(img.AsPixelBuffer()), 1)).Values).ToList();
    }

    /// <summary>The share of (query, a, b) triples whose order by cosine to the query differs between two feature sets.</summary>
    internal static double FlippedOrders(List<float[]> a, List<float[]> b)
    {
        int n = a.Count, total = 0, flipped = 0;
        for (int q = 0; q < n; q++)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                {
                    if (i == q || j == q) continue;
                    total++;
                    bool x = Cosine(a[q], a[i]) > Cosine(a[q], a[j]), y = Cosine(b[q], b[i]) > Cosine(b[q], b[j]);
                    if (x != y) flipped++;
                }

        return (double)flipped / total;
    }

    /// <summary>For each photo, its nearest other photo by cosine, and how many are the other view of the same subject.</summary>
    internal static (int Hits, string[] Neighbours) Neighbours(string[] files, List<float[]> feats)
    {
        var names = files.Select(Path.GetFileNameWithoutExtension).ToArray();
        var nn = new string[files.Length];
        int hits = 0;
        for (int i = 0; i < files.Length; i++)
        {
            int best = -1;
            double bestCos = double.NegativeInfinity;
            for (int j = 0; j < files.Length; j++)
            {
                if (j == i) continue;
                double c = Cosine(feats[i], feats[j]);
                if (c > bestCos) (best, bestCos) = (j, c);
            }

            nn[i] = names[best]!;
            if (names[best]!.Split('-')[0] == names[i]!.Split('-')[0]) hits++;
        }

        return (hits, nn);
    }

    [Fact]
    public void Embedding_the_config_makes_the_model_self_describing_with_identical_outputs()
    {
        Directory.CreateDirectory(_dir);
        string embedded = Path.Combine(_dir, "resnet18.preprocessed.onnx");
        long before = new FileInfo(ResNet).Length;
        var original = File.ReadAllBytes(ResNet).AsSpan(0, 4096).ToArray();
        OnnxModelFile.WriteMetadata(ResNet, embedded, OnnxModelFile.PreprocessMetadataKey, CanonicalFormat.Write(MeanImages.Inline(Spec())));
        Assert.Equal(before, new FileInfo(ResNet).Length);
        Assert.Equal(original, File.ReadAllBytes(ResNet).AsSpan(0, 4096).ToArray());

        using var withArgument = PreprocessedSession.Load(ResNet, preprocess: Spec());
        using var selfDescribing = PreprocessedSession.Load(embedded);
        Assert.Equal(PreprocessSource.Metadata, selfDescribing.PreprocessSource);
        Assert.Contains(OnnxModelFile.PreprocessMetadataKey, selfDescribing.Session.ModelMetadata.CustomMetadataMap.Keys);
        foreach (string file in PhotoFiles().Take(3))
            Assert.Equal(Assert.Single(withArgument.Run(file)).Values, Assert.Single(selfDescribing.Run(file)).Values);
    }
}
