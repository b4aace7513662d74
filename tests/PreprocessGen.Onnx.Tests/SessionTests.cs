using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using PreprocessGen.Runtime.Onnx;
using Xunit;

namespace PreprocessGen.Onnx.Tests;

/// <summary>PreprocessedSession on real ONNX Runtime sessions over small models the tests write: every branch of resolution and validation.</summary>
public sealed class SessionTests : IDisposable
{
    // Nested one level, so that the resolver's look at the parent folder sees only what the test puts there.
    private readonly string _top = Path.Combine(Path.GetTempPath(), "ppg-onnx-" + Guid.NewGuid().ToString("N"));
    private string _dir => Path.Combine(_top, "work");

    public void Dispose()
    {
        if (Directory.Exists(_top)) Directory.Delete(_top, recursive: true);
    }

    internal static string Photos => Path.Combine(AppContext.BaseDirectory, "photos");

    private string P(params string[] parts) => Path.Combine(new[] { _dir }.Concat(parts).ToArray());

    private static readonly PreprocessSpec Siglip = OpenClipCatalog.Find("ViT-B-16-SigLIP", "webli")!;
    private static readonly PreprocessSpec Small = new() { Width = 32, Height = 32, ResizeWidth = 32, ResizeHeight = 32 };

    private static string Canonical(PreprocessSpec s) => CanonicalFormat.Write(s);

    [Fact]
    public void The_argument_is_used_and_the_session_gets_exactly_the_pipelines_tensor()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { "batch", 3, 32, 32 });
        using var session = PreprocessedSession.Load(model, preprocess: Small);
        Assert.Equal(PreprocessSource.Argument, session.PreprocessSource);
        Assert.Null(session.FixedBatchSize);
        var image = ImageDecoder.Load(Path.Combine(Photos, "cat-a.jpg"));
        var output = Assert.Single(session.Run(image));
        Assert.Equal("embedding", output.Name);
        Assert.Equal(new long[] { 1, 3 }, output.Shape);
        var tensor = session.Pipeline.Run(image.AsPixelBuffer());
        for (int c = 0; c < 3; c++)
        {
            double mean = tensor.Skip(c * 1024).Take(1024).Average(v => (double)v);
            Assert.Equal(mean, output.Values[c], 4);
        }
    }

    [Fact]
    public void A_batch_gives_the_same_rows_as_single_runs_and_a_fixed_batch_of_one_runs_one_at_a_time()
    {
        var files = new[] { "cat-a.jpg", "rocket-b.jpg", "hubble-a.jpg" }.Select(f => Path.Combine(Photos, f)).ToList();
        using var dynamic = PreprocessedSession.Load(TinyModel.Write(P("d.onnx"), new object[] { "n", 3, 32, 32 }), preprocess: Small);
        using var fixedOne = PreprocessedSession.Load(TinyModel.Write(P("f.onnx"), new object[] { 1, 3, 32, 32 }), preprocess: Small);
        Assert.Equal(1, fixedOne.FixedBatchSize);
        var batch = Assert.Single(dynamic.RunBatch(files));
        var looped = Assert.Single(fixedOne.RunBatch(files));
        Assert.Equal(new long[] { 3, 3 }, batch.Shape);
        Assert.Equal(batch.Shape, looped.Shape);
        // The same tensors go in; ONNX Runtime may sum a batch in another order, so allow float rounding only.
        for (int i = 0; i < batch.Values.Length; i++) Assert.Equal(batch.Values[i], looped.Values[i], 5);
        for (int i = 0; i < files.Count; i++)
        {
            var single = Assert.Single(dynamic.Run(files[i])).Values;
            for (int c = 0; c < 3; c++) Assert.Equal(batch.Values[3 * i + c], single[c], 5);
        }
    }

    [Fact]
    public void Metadata_is_read_when_no_argument_is_given()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 224, 224 }, metadata: new Dictionary<string, string> { [OnnxModelFile.PreprocessMetadataKey] = Canonical(Siglip) });
        using var session = PreprocessedSession.Load(model);
        Assert.Equal(PreprocessSource.Metadata, session.PreprocessSource);
        Assert.Empty(SpecComparison.Differences(Siglip, session.Spec));
    }

    [Fact]
    public void The_argument_and_the_metadata_must_agree_unless_overriding()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 224, 224 }, metadata: new Dictionary<string, string> { [OnnxModelFile.PreprocessMetadataKey] = Canonical(Siglip) });
        var openAi = new PreprocessSpec();
        var ex = Assert.Throws<PreprocessConfigMismatchException>(() => PreprocessedSession.Load(model, preprocess: openAi));
        Assert.Equal("the argument", ex.First);
        Assert.Equal("the model's metadata", ex.Second);
        Assert.Contains(ex.Differences, d => d.StartsWith("resize_mode: shortest vs squash"));
        Assert.Contains(ex.Differences, d => d.StartsWith("mean: "));
        Assert.Contains(model, ex.Message);
        using var overridden = PreprocessedSession.Load(model, new PreprocessSessionOptions { Preprocess = openAi, AllowOverride = true });
        Assert.Equal(PreprocessSource.Argument, overridden.PreprocessSource);
        using var agreeing = PreprocessedSession.Load(model, preprocess: Siglip with { Name = "another label" });
        Assert.Equal(PreprocessSource.Argument, agreeing.PreprocessSource);
    }

    [Theory]
    [InlineData("open_clip_config.json", "{\"model_cfg\": {\"vision_cfg\": {\"image_size\": 224}}, \"preprocess_cfg\": {\"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"resize_mode\": \"squash\"}}", false)]
    [InlineData("preprocessor_config.json", "{\"image_processor_type\": \"SiglipImageProcessor\", \"size\": {\"height\": 224, \"width\": 224}, \"resample\": 3}", false)]
    [InlineData("preprocess_cfg.json", "{\"size\": 224, \"mode\": \"RGB\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"interpolation\": \"bicubic\", \"resize_mode\": \"squash\", \"fill_color\": 0}", true)]
    [InlineData("siglip.preprocess.json", "{\"image_size\": 224, \"resize_mode\": \"squash\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}", false)]
    public void A_bundle_config_beside_or_above_the_model_is_found(string fileName, string json, bool inParent)
    {
        string model = TinyModel.Write(inParent ? P("export", "visual", "model.onnx") : P("export", "model.onnx"), new object[] { 1, 3, 224, 224 });
        File.WriteAllText(P("export", fileName), json);
        using var session = PreprocessedSession.Load(model);
        Assert.Equal(PreprocessSource.Bundle, session.PreprocessSource);
        Assert.Equal(P("export", fileName), session.PreprocessOrigin);
        Assert.Equal(ResizeMode.Squash, session.Spec.ResizeMode);
        Assert.Equal(Rgb.Half, session.Spec.Mean);
    }

    [Fact]
    public void Bundle_configs_that_disagree_and_an_invalid_one_are_refused_naming_the_files()
    {
        string model = TinyModel.Write(P("b", "model.onnx"), new object[] { 1, 3, 224, 224 });
        File.WriteAllText(P("b", "open_clip_config.json"), "{\"model_cfg\": {\"vision_cfg\": {\"image_size\": 224}}, \"preprocess_cfg\": {\"resize_mode\": \"squash\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}}");
        File.WriteAllText(P("b", "preprocessor_config.json"), "{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": {\"shortest_edge\": 224}, \"crop_size\": 224}");
        var ex = Assert.Throws<PreprocessConfigMismatchException>(() => PreprocessedSession.Load(model));
        Assert.Equal(P("b", "open_clip_config.json"), ex.First);
        Assert.Equal(P("b", "preprocessor_config.json"), ex.Second);

        File.WriteAllText(P("b", "preprocessor_config.json"), "{\"image_processor_type\": \"CLIPImageProcessor\", \"image_std\": [0.5, 0, 0.5]}");
        var invalid = Assert.Throws<InvalidDataException>(() => PreprocessedSession.Load(model));
        Assert.Contains(P("b", "preprocessor_config.json"), invalid.Message);
        Assert.Contains("PPG0003", invalid.Message);
    }

    [Fact]
    public void The_catalog_applies_when_every_official_tag_agrees_by_explicit_or_inferred_architecture()
    {
        using var explicitArch = PreprocessedSession.Load(TinyModel.Write(P("local.onnx"), new object[] { 1, 3, 224, 224 }), architecture: "ViT-B-16-SigLIP");
        Assert.Equal(PreprocessSource.Catalog, explicitArch.PreprocessSource);
        Assert.Equal(ResizeMode.Squash, explicitArch.Spec.ResizeMode);

        using var inferred = PreprocessedSession.Load(TinyModel.Write(P("checkpoints", "vit_b_32", "visual.onnx"), new object[] { 1, 3, 224, 224 }));
        Assert.Equal(PreprocessSource.Catalog, inferred.PreprocessSource);
        Assert.Equal("ViT-B-32", inferred.Spec.Architecture);
        Assert.True(inferred.Spec with { Architecture = null } == new PreprocessSpec());
    }

    [Fact]
    public void Without_a_source_the_loader_refuses_naming_the_architecture_and_the_candidates()
    {
        string model = TinyModel.Write(P("ViT-L-14", "model.onnx"), new object[] { 1, 3, 224, 224 });
        var ex = Assert.Throws<MissingPreprocessConfigException>(() => PreprocessedSession.Load(model));
        Assert.Equal("ViT-L-14", ex.Architecture);
        Assert.Contains(ex.Candidates, c => c.StartsWith("ViT-L-14/openai:"));
        Assert.Contains(ex.Candidates, c => c.StartsWith("ViT-L-14/laion2b_s32b_b82k:") && c.Contains("0.5"));
        Assert.Contains("the tag decides", ex.Message);

        var unknown = Assert.Throws<MissingPreprocessConfigException>(() => PreprocessedSession.Load(TinyModel.Write(P("x", "encoder.onnx"), new object[] { 1, 3, 224, 224 })));
        Assert.Null(unknown.Architecture);
        Assert.Contains("cannot be told from the path", unknown.Message);

        var notInCatalog = Assert.Throws<MissingPreprocessConfigException>(() => PreprocessedSession.Load(model, architecture: "my-own-net"));
        Assert.Contains("'my-own-net' is not an OpenCLIP architecture", notInCatalog.Message);
    }

    [Theory]
    [InlineData(new object[] { new object[] { 1, 3, 224 }, TinyModel.Float, "rank 3" })]
    [InlineData(new object[] { new object[] { 1, 1, 32, 32 }, TinyModel.Float, "1 channels" })]
    [InlineData(new object[] { new object[] { 1, 3, 64, 32 }, TinyModel.Float, "produces 32x32" })]
    [InlineData(new object[] { new object[] { 1, 3, 32, 32 }, TinyModel.Int64, "takes Int64 elements" })]
    public void A_model_input_that_does_not_fit_the_spec_is_refused_clearly(object[] dims, int elemType, string expected)
    {
        string model = TinyModel.Write(P("bad.onnx"), dims, elemType);
        var ex = Assert.Throws<ModelInputMismatchException>(() => PreprocessedSession.Load(model, preprocess: Small));
        Assert.Equal("pixel_values", ex.InputName);
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(model + ": input 'pixel_values'", ex.Message);
    }

    [Fact]
    public void Dynamic_height_and_width_are_accepted_and_extra_inputs_refused()
    {
        using var dyn = PreprocessedSession.Load(TinyModel.Write(P("hw.onnx"), new object[] { "n", 3, "h", "w" }), preprocess: Small);
        Assert.Equal(3, Assert.Single(dyn.Run(Path.Combine(Photos, "coffee-a.jpg"))).Values.Length);
        var ex = Assert.Throws<ModelInputMismatchException>(() => PreprocessedSession.Load(TinyModel.Write(P("two.onnx"), new object[] { 1, 3, 32, 32 }, secondInput: true), preprocess: Small));
        Assert.Contains("mask", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_an_error_naming_it()
    {
        string text = P("notes.onnx");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(text, "hello, this is not protobuf");
        var ex = Assert.Throws<InvalidDataException>(() => PreprocessedSession.Load(text, preprocess: Small));
        Assert.StartsWith(text + ":", ex.Message);
        Assert.Throws<FileNotFoundException>(() => PreprocessedSession.Load(P("missing.onnx"), preprocess: Small));
    }
}

/// <summary>One session shared by many threads gives the serial outputs.</summary>
public sealed class SessionConcurrencyTests : IDisposable
{
    private readonly string _top = Directory.CreateTempSubdirectory("ppg-conc-").FullName;

    public void Dispose() => Directory.Delete(_top, recursive: true);

    [Fact]
    public void Parallel_runs_on_one_session_equal_serial_runs()
    {
        string model = TinyModel.Write(Path.Combine(_top, "work", "m.onnx"), new object[] { "n", 3, 24, 24 });
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        using var session = PreprocessedSession.Load(model, preprocess: new PreprocessSpec { Width = 24, Height = 24, ResizeWidth = 24, ResizeHeight = 24 }, options: options);
        var images = Directory.GetFiles(SessionTests.Photos, "*.jpg").Select(f => ImageDecoder.Load(f)).ToArray();
        var serialInputs = images.Select(i => session.Pipeline.Run(i.AsPixelBuffer())).ToArray();
        var serial = images.Select(i => Assert.Single(session.Run(i)).Values).ToArray();
        var inputs = new float[300][];
        var outputs = new float[300][];
        System.Threading.Tasks.Parallel.For(0, outputs.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            inputs[k] = session.Pipeline.Run(images[k % images.Length].AsPixelBuffer());
            outputs[k] = Assert.Single(session.Run(images[k % images.Length])).Values;
        });
        for (int k = 0; k < outputs.Length; k++)
        {
            Assert.Equal(serialInputs[k % images.Length], inputs[k]);
            Assert.Equal(serial[k % images.Length], outputs[k]);
        }
    }

}
