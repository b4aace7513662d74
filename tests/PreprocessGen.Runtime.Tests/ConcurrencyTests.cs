using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// One pipeline shared by many threads gives, call for call, the bits a serial run gives: whatever the pipeline caches
/// (coefficient tables, scratch buffers) must be safe to share.
/// </summary>
public class ConcurrencyTests
{
    private static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs");

    [Fact]
    public void Shared_pipelines_match_serial_over_1000_mixed_calls()
    {
        var pipelines = new[] { "oc_shortest_bicubic_224", "hf_siglip_224", "oc_longest_bicubic_224_fill128", "timm_center_0875_bicubic_224" }
            .Select(n => new PreprocessPipeline(PreprocessConfig.Load(Path.Combine(Dir, n + ".json")).Spec!))
            .ToArray();

        const int Calls = 1000;
        var rng = new Random(20261202);
        // A few hundred distinct source sizes so that per-size caches are filled and evicted while threads race.
        var jobs = Enumerable.Range(0, Calls).Select(i =>
        {
            int w = rng.Next(1, 160), h = rng.Next(1, 160);
            var px = new byte[w * h * 3];
            rng.NextBytes(px);
            return (Pipeline: pipelines[i % pipelines.Length], Width: w, Height: h, Pixels: px);
        }).ToArray();

        var serial = jobs.Select(j =>
        {
            var o = new float[j.Pipeline.OutputLength];
            j.Pipeline.Run(j.Pixels, j.Width, j.Height, o);
            return o;
        }).ToArray();

        var parallel = new float[Calls][];
        Parallel.For(0, Calls, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) }, i =>
        {
            var j = jobs[i];
            var o = new float[j.Pipeline.OutputLength];
            j.Pipeline.Run(j.Pixels, j.Width, j.Height, o);
            parallel[i] = o;
        });

        for (int i = 0; i < Calls; i++)
            Assert.True(serial[i].AsSpan().SequenceEqual(parallel[i]), $"call {i} ({jobs[i].Width}x{jobs[i].Height}) differs from the serial run");
        // Guard against a vacuous comparison: distinct random inputs give distinct tensors.
        Assert.False(serial[0].AsSpan().SequenceEqual(serial[4]));
    }
}
