using LlmInteractive.Kernel.Extensions;

namespace LlmInteractive.Kernel.Magics;

/// <summary>Registers the magics every session has; extensions add theirs to the same registry.</summary>
public static class BuiltInMagics
{
    public static void RegisterAll(MagicRegistry registry, ExtensionLoader extensions)
    {
        registry.Register(ListMagics.Create(registry));
        registry.Register(TimeMagic.Create());
        registry.Register(WhoMagics.CreateWho());
        registry.Register(WhoMagics.CreateWhos());
        foreach (var magic in MimeMagics.Create()) registry.Register(magic);
        registry.Register(AboutMagic.Create());
        registry.Register(ExtensionMagic.Create(extensions));
    }
}
