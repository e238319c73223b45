using LlmInteractive.Runtime;
using LlmInteractive.Tests.Models;
using TorchSharp;

namespace LlmInteractive.Tests.Runtime;

public sealed class DevicesTests
{
    [Fact]
    public void Describe_lists_the_cpu_first_and_cuda_devices_when_libtorch_sees_them()
    {
        var devices = Devices.Describe();

        Assert.Equal("cpu", devices[0].Name);
        Assert.Equal("cpu", devices[0].Kind);
        Assert.Equal(torch.cuda.is_available() ? torch.cuda.device_count() : 0, devices.Count(d => d.Kind == "cuda"));
    }

    [Fact]
    public void Selecting_cuda_without_a_gpu_explains_why_and_unknown_names_are_refused()
    {
        TorchRuntimeLoaded();
        try
        {
            if (!torch.cuda.is_available())
            {
                var error = Assert.Throws<InvalidOperationException>(() => Devices.Select("cuda"));
                Assert.Contains("libtorch sees no CUDA device", error.Message);
            }
            var unknown = Assert.Throws<ArgumentException>(() => Devices.Select("tpu"));
            Assert.Contains("Use \"cpu\", \"cuda\" or \"cuda:N\"", unknown.Message);
            Assert.Equal(DeviceType.CPU, Devices.Select("cpu").type);
            Assert.Equal(DeviceType.CPU, Devices.Default.type);
        }
        finally
        {
            Devices.Reset();
        }
    }

    [Fact]
    public void Nvidia_smi_lines_give_model_names_and_memory()
    {
        var gpus = Devices.ParseNvidiaSmi("NVIDIA H100 80GB HBM3, 81559\nNVIDIA A10, 23028\n");

        Assert.Equal(("NVIDIA H100 80GB HBM3", 81559L * 1024 * 1024), (gpus[0].Model, gpus[0].Memory!.Value));
        Assert.Equal("NVIDIA A10", gpus[1].Model);
    }

    [Fact]
    public void A_model_reports_the_device_its_parameters_are_on()
    {
        using var model = TinyModels.Gpt();
        Assert.Equal(DeviceType.CPU, Devices.Of(model).type);
    }

    static void TorchRuntimeLoaded() => TorchRuntime.EnsureLoaded();
}
