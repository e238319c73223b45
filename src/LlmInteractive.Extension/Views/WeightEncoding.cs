namespace LlmInteractive.Views;

/// <summary>
/// Numbers embedded in interactive views as base64, decoded by their inline scripts: weights in [0, 1] as uint16
/// (1/65534 steps, ±8e-6: exact to the 4 decimals shown, at 2 bytes a value) and vectors as little-endian float32.
/// </summary>
public static class WeightEncoding
{
    /// <summary>The uint16 code of a masked (NaN) weight.</summary>
    public const ushort Masked = ushort.MaxValue;

    public static string Uint16Base64(IEnumerable<float> weights, int count)
    {
        var bytes = new byte[count * 2];
        var offset = 0;
        foreach (var w in weights)
        {
            var q = float.IsNaN(w) ? Masked : (ushort)Math.Round(Math.Clamp(w, 0f, 1f) * (Masked - 1));
            bytes[offset++] = (byte)q;
            bytes[offset++] = (byte)(q >> 8);
        }
        if (offset != bytes.Length) throw new ArgumentException($"Expected {count} weights, got {offset / 2}.", nameof(weights));
        return Convert.ToBase64String(bytes);
    }

    public static string Float32Base64(IEnumerable<float> values)
    {
        var floats = values.ToArray();
        var bytes = new byte[floats.Length * 4];
        for (var i = 0; i < floats.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), floats[i]);
        return Convert.ToBase64String(bytes);
    }
}
