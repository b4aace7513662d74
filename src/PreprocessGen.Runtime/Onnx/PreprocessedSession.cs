using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using PreprocessGen.Runtime.Onnx;

namespace PreprocessGen;

/// <summary>Options for <see cref="PreprocessedSession.Load(string, PreprocessSessionOptions)"/>.</summary>
public sealed class PreprocessSessionOptions
{
    /// <summary>The OpenCLIP architecture of the weights (e.g. <c>ViT-B-16-SigLIP</c>); inferred from the path when null.</summary>
    public string? Architecture { get; init; }

    /// <summary>The preprocessing, overriding every other source only when <see cref="AllowOverride"/> is set; otherwise it must agree with them.</summary>
    public PreprocessSpec? Preprocess { get; init; }

    /// <summary>ONNX Runtime session options (execution providers, threads), or null for the defaults.</summary>
    public SessionOptions? SessionOptions { get; init; }

    /// <summary>When true, the first source found (argument, then metadata, then bundle) wins even if a later one disagrees.</summary>
    public bool AllowOverride { get; init; }
}

/// <summary>One model output, owned by the caller: its name, shape and float32 values (row-major).</summary>
public sealed record ModelOutput(string Name, long[] Shape, float[] Values);

/// <summary>
/// An ONNX Runtime session with the preprocessing its model needs, resolved and validated on load: decode, preprocess
/// into a pooled tensor, run, and return the outputs, for one image or a batch.
/// </summary>
public sealed class PreprocessedSession : IDisposable
{
    private readonly string[] _outputNames;

    private PreprocessedSession(string modelPath, InferenceSession session, ResolvedPreprocess resolved, string inputName, int? fixedBatch)
    {
        ModelPath = modelPath;
        Session = session;
        Spec = resolved.Spec;
        PreprocessSource = resolved.Source;
        PreprocessOrigin = resolved.Origin;
        Pipeline = new PreprocessPipeline(resolved.Spec);
        InputName = inputName;
        FixedBatchSize = fixedBatch;
        _outputNames = session.OutputMetadata.Keys.ToArray();
    }

    /// <summary>
    /// Loads <paramref name="modelPath"/> with its preprocessing: <paramref name="preprocess"/> if given, else the
    /// model's metadata, else a bundle config beside it, else the OpenCLIP catalog for <paramref name="architecture"/>
    /// (or the architecture named in the path) when its official weights agree. Sources that are present must agree.
    /// </summary>
    /// <exception cref="MissingPreprocessConfigException">No source applies: the message names the architecture and the candidates.</exception>
    /// <exception cref="PreprocessConfigMismatchException">Two sources disagree: the message lists the fields.</exception>
    /// <exception cref="ModelInputMismatchException">The model's image input does not fit the preprocessing.</exception>
    /// <exception cref="InvalidDataException">The model file is not a loadable ONNX model, or a config beside it is invalid.</exception>
    public static PreprocessedSession Load(string modelPath, string? architecture = null, PreprocessSpec? preprocess = null, SessionOptions? options = null) =>
        Load(modelPath, new PreprocessSessionOptions { Architecture = architecture, Preprocess = preprocess, SessionOptions = options });

    /// <summary>Loads with explicit options (see <see cref="Load(string, string?, PreprocessSpec?, SessionOptions?)"/>).</summary>
    public static PreprocessedSession Load(string modelPath, PreprocessSessionOptions options)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{modelPath}: model file not found", modelPath);
        var resolved = PreprocessResolver.Resolve(modelPath, options.Architecture, options.Preprocess, options.AllowOverride);

        InferenceSession session;
        try
        {
            session = options.SessionOptions is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options.SessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{modelPath}: ONNX Runtime cannot load the model: {ex.Message}", ex);
        }

        try
        {
            var (input, batch) = ValidateInput(modelPath, session, resolved.Spec);
            return new PreprocessedSession(modelPath, session, resolved, input, batch);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The ONNX Runtime session (owned: disposed with this object).</summary>
    public InferenceSession Session { get; }

    /// <summary>The preprocessing the model gets.</summary>
    public PreprocessSpec Spec { get; }

    /// <summary>The pipeline that runs <see cref="Spec"/>.</summary>
    public PreprocessPipeline Pipeline { get; }

    /// <summary>Where <see cref="Spec"/> came from.</summary>
    public PreprocessSource PreprocessSource { get; }

    /// <summary>The file, metadata key or catalog entry that held <see cref="Spec"/>.</summary>
    public string PreprocessOrigin { get; }

    /// <summary>The model input the images go to.</summary>
    public string InputName { get; }

    /// <summary>The model's fixed batch size, or null when the batch dimension is dynamic.</summary>
    public int? FixedBatchSize { get; }

    /// <summary>Decodes, preprocesses and runs one image file.</summary>
    public IReadOnlyList<ModelOutput> Run(string imagePath) =>
        RunBatch(1, nameof(imagePath), (i, tensor) => Pipeline.RunFile(imagePath ?? throw new ArgumentNullException(nameof(imagePath)), tensor));

    /// <summary>Preprocesses and runs one decoded image.</summary>
    public IReadOnlyList<ModelOutput> Run(DecodedImage image) => RunBatch(new[] { image ?? throw new ArgumentNullException(nameof(image)) });

    /// <summary>Decodes, preprocesses and runs image files as one batch (outputs have a leading batch dimension).</summary>
    /// <remarks>Each file is decoded and preprocessed straight into the batch tensor, so only one decoded image is held at a time.</remarks>
    public IReadOnlyList<ModelOutput> RunBatch(IReadOnlyList<string> imagePaths)
    {
        if (imagePaths is null) throw new ArgumentNullException(nameof(imagePaths));
        return RunBatch(imagePaths.Count, nameof(imagePaths), (i, tensor) => Pipeline.RunFile(imagePaths[i] ?? throw new ArgumentException($"image path {i} is null", nameof(imagePaths)), tensor));
    }

    /// <summary>
    /// Preprocesses and runs decoded images as one batch: outputs are concatenated along the first dimension, one row per
    /// image in order. A model with a fixed batch of 1 runs them one at a time.
    /// </summary>
    public IReadOnlyList<ModelOutput> RunBatch(IReadOnlyList<DecodedImage> images)
    {
        if (images is null) throw new ArgumentNullException(nameof(images));
        return RunBatch(images.Count, nameof(images), (i, tensor) => Pipeline.Run((images[i] ?? throw new ArgumentException($"image {i} is null", nameof(images))).AsPixelBuffer(), tensor));
    }

    private delegate void FillTensor(int index, Span<float> destination);

    private IReadOnlyList<ModelOutput> RunBatch(int count, string paramName, FillTensor fill)
    {
        if (count == 0) throw new ArgumentException("no images", paramName);
        int per = Pipeline.OutputLength;
        int chunk = FixedBatchSize ?? count;
        if (FixedBatchSize is int fixedN && fixedN != 1 && count % fixedN != 0)
            throw new ArgumentException($"{ModelPath}: the model takes batches of exactly {fixedN} images; got {count}", paramName);
        var parts = new List<IReadOnlyList<ModelOutput>>();
        float[] buffer = ArrayPool<float>.Shared.Rent(per * chunk);
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                for (int i = 0; i < chunk; i++) fill(start + i, buffer.AsSpan(i * per, per));
                parts.Add(RunTensor(buffer.AsSpan(0, per * chunk), chunk));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return parts.Count == 1 ? parts[0] : Concat(parts);
    }

    /// <summary>Runs an already preprocessed NCHW tensor of <paramref name="batch"/> images.</summary>
    public IReadOnlyList<ModelOutput> RunTensor(ReadOnlySpan<float> nchw, int batch)
    {
        int per = Pipeline.OutputLength;
        if (batch <= 0 || nchw.Length != per * batch) throw new ArgumentException($"expected {batch} x {per} floats, got {nchw.Length}", nameof(nchw));
        // ONNX Runtime's own allocator gives the input the same alignment every call, so its kernels sum in the same
        // order and equal inputs give equal outputs, bit for bit, whichever thread runs.
        var shape = new long[] { batch, 3, Spec.Height, Spec.Width };
        using var input = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
        nchw.CopyTo(input.GetTensorMutableDataAsSpan<float>());
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = Session.Run(runOptions, new[] { InputName }, new[] { input }, _outputNames);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{ModelPath}: inference failed: {ex.Message}", ex);
        }

        using (results)
        {
            var outputs = new List<ModelOutput>(_outputNames.Length);
            int k = 0;
            foreach (var value in results)
            {
                string name = _outputNames[k++];
                var info = value.GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                    throw new NotSupportedException($"{ModelPath}: output '{name}' is {info.ElementDataType}; only float32 outputs are returned");
                outputs.Add(new ModelOutput(name, info.Shape, value.GetTensorDataAsSpan<float>().ToArray()));
            }

            return outputs;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    private static IReadOnlyList<ModelOutput> Concat(List<IReadOnlyList<ModelOutput>> parts)
    {
        var result = new List<ModelOutput>();
        for (int o = 0; o < parts[0].Count; o++)
        {
            var first = parts[0][o];
            var shape = (long[])first.Shape.Clone();
            shape[0] = parts.Sum(p => p[o].Shape[0]);
            var values = new float[parts.Sum(p => p[o].Values.Length)];
            int at = 0;
            foreach (var p in parts)
            {
                p[o].Values.CopyTo(values, at);
                at += p[o].Values.Length;
            }

            result.Add(new ModelOutput(first.Name, shape, values));
        }

        return result;
    }

    private static (string Input, int? Batch) ValidateInput(string modelPath, InferenceSession session, PreprocessSpec spec)
    {
        var inputs = session.InputMetadata;
        string name;
        if (inputs.Count == 1)
        {
            name = inputs.Keys.First();
        }
        else
        {
            var images = inputs.Where(kv => kv.Value.IsTensor && kv.Value.Dimensions.Length == 4).Select(kv => kv.Key).ToList();
            if (images.Count != 1)
                throw new ModelInputMismatchException(modelPath, string.Join(", ", inputs.Keys),
                    $"the model has {inputs.Count} inputs and {images.Count} of them are 4-D tensors; a preprocessed session feeds one image input");
            throw new ModelInputMismatchException(modelPath, images[0],
                $"the model has {inputs.Count} inputs ({string.Join(", ", inputs.Keys)}); a preprocessed session feeds only the image, so the others would be missing");
        }

        var meta = inputs[name];
        if (!meta.IsTensor) throw new ModelInputMismatchException(modelPath, name, $"is a {meta.OnnxValueType}, not a tensor");
        if (meta.ElementDataType != TensorElementType.Float)
            throw new ModelInputMismatchException(modelPath, name, $"takes {meta.ElementDataType} elements; the preprocessing produces float32");
        int[] d = meta.Dimensions;
        string shape = "[" + string.Join(", ", d.Select((x, i) => x >= 0 ? x.ToString() : (meta.SymbolicDimensions.Length > i && meta.SymbolicDimensions[i].Length > 0 ? meta.SymbolicDimensions[i] : "?"))) + "]";
        if (d.Length != 4) throw new ModelInputMismatchException(modelPath, name, $"has shape {shape} (rank {d.Length}); an image input is [batch, 3, height, width]");
        if (d[1] >= 0 && d[1] != 3) throw new ModelInputMismatchException(modelPath, name, $"has shape {shape}: {d[1]} channels; the preprocessing produces 3 planes (channels first)");
        if ((d[2] >= 0 && d[2] != spec.Height) || (d[3] >= 0 && d[3] != spec.Width))
            throw new ModelInputMismatchException(modelPath, name, $"has shape {shape}, but the preprocessing produces {spec.Height}x{spec.Width} (height x width); the config does not belong to this model");
        return (name, d[0] >= 1 ? d[0] : null);
    }
}
