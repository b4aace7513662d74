using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace PreprocessGen.Package.Tests;

/// <summary>
/// The real package: packed from this repo into a local folder feed, added to a fresh project in a temp folder with a
/// canonical config and a real Hugging Face preprocessor_config.json, built (typed classes, PPG warnings in the build
/// output), run, and its tensor checked against the reference oracle's.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly ITestOutputHelper _log;
    private readonly string _root = Directory.CreateTempSubdirectory("ppg-package-").FullName;

    public PackageTests(ITestOutputHelper log) => _log = log;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static string Repo => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    private (int Code, string Output) Dotnet(string workingDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A child build must not inherit the test host's MSBuild state.
        foreach (var key in new System.Collections.Generic.List<string>(psi.Environment.Keys))
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)) psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        string output = stdout.Result + stderr.Result;
        _log.WriteLine($"$ dotnet {string.Join(' ', args)} -> {p.ExitCode}");
        return (p.ExitCode, output);
    }

    [Fact]
    public void A_fresh_project_consumes_the_package_from_a_local_feed()
    {
        string feed = Path.Combine(_root, "feed");
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var pack = Dotnet(Repo, "pack", Path.Combine(Repo, "src", "PreprocessGen.Package", "PreprocessGen.Package.csproj"), "-c", "Release", "--no-build", "-o", feed, "-p:Version=" + version);
        Assert.True(pack.Code == 0, pack.Output);
        Assert.True(File.Exists(Path.Combine(feed, $"PreprocessGen.{version}.nupkg")), pack.Output);

        string app = Path.Combine(_root, "app");
        Directory.CreateDirectory(Path.Combine(app, "configs"));
        Directory.CreateDirectory(Path.Combine(app, "models", "paligemma"));
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"<configuration><packageSources><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");
        File.WriteAllText(Path.Combine(app, "App.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><RootNamespace>App</RootNamespace></PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""PreprocessGen"" Version=""{version}"" />
    <PreprocessConfig Include=""models/paligemma/preprocessor_config.json"" />
  </ItemGroup>
</Project>");
        // A canonical config with a typo in a key: the build must warn about it (PPG0002) and still generate the type.
        File.WriteAllText(Path.Combine(app, "configs", "openai.preprocess.json"),
            "{\n  \"image_size\": 224,\n  \"mean\": [0.48145466, 0.4578275, 0.40821073],\n  \"std\": [0.26862954, 0.26130258, 0.27577711],\n  \"interpolaton\": \"bicubic\"\n}\n");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "preprocessor_config.json"), Path.Combine(app, "models", "paligemma", "preprocessor_config.json"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), @"
using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using App.Preprocessing;
using PreprocessGen.Runtime.Imaging;

var image = ImageDecoder.Load(args[0]);
var tensor = new float[Paligemma.OutputLength];
Paligemma.Preprocess(image, tensor);
Console.WriteLine(""sha256 "" + Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(tensor.AsSpan()))).ToLowerInvariant());
Console.WriteLine($""openai {Openai.Width}x{Openai.Height} {Openai.Mean0}"");
");

        var build = Dotnet(app, "build", "-c", "Release");
        _log.WriteLine(build.Output);
        Assert.True(build.Code == 0, build.Output);
        Assert.Contains("configs/openai.preprocess.json(5,3): warning PPG0002", build.Output.Replace('\\', '/'));
        Assert.Contains("did you mean \"interpolation\"?", build.Output);

        // An older compiler than the Roslyn floor gets one clear warning.
        var old = Dotnet(app, "build", "-c", "Release", "--no-restore", "-p:CompilerApiVersion=roslyn4.8", "-p:OutDir=" + Path.Combine(_root, "old") + Path.DirectorySeparatorChar);
        Assert.Contains("warning PPGCFG0001", old.Output);
        Assert.Contains("needs Roslyn 4.14 or newer", old.Output);

        var run = Dotnet(app, "run", "-c", "Release", "--no-build", "--", Path.Combine(AppContext.BaseDirectory, "jpeg_420_211x160.jpg"));
        Assert.True(run.Code == 0, run.Output);
        using var oracle = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "oracle.json")));
        Assert.Contains("sha256 " + oracle.RootElement.GetProperty("f32_sha256").GetString(), run.Output);
        Assert.Contains("openai 224x224 0.48145467", run.Output);
    }
}
