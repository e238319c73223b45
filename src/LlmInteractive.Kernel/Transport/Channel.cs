namespace LlmInteractive.Kernel.Transport;

/// <summary>The five sockets of a Jupyter kernel.</summary>
public enum KernelChannel
{
    /// <summary>Requests from front ends (ROUTER).</summary>
    Shell,
    /// <summary>Interrupt, shutdown: answered even while a cell runs (ROUTER).</summary>
    Control,
    /// <summary>input_request to front ends (ROUTER).</summary>
    Stdin,
    /// <summary>Broadcast of status and outputs (PUB).</summary>
    IoPub,
    /// <summary>Echo for liveness checks (REP).</summary>
    Heartbeat,
}
