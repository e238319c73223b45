namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Notebook 08 runs in quick mode and its text's claims hold: int8 free and per-channel int4 cheap beside per-tensor
/// int4 at the unigram guess; magnitude pruning far ahead of random pruning; raw gradient head importance as good as
/// exact ablation and far ahead of a random order and of per-layer normalised scores; distillation's gain beyond the
/// seed spread; only the student doing fewer FLOPs. In its own file so notebooks written in parallel do not collide.
/// </summary>
[Trait("Category", "Notebooks")]
public class CompressionNotebookTests
{
    [Fact]
    public void Int8_is_free_magnitude_beats_random_pruning_raw_head_importance_matches_ablation_and_distillation_beats_hard_labels()
    {
        var r = NotebookRun.Execute("08-compression.ipynb").Results;
        Assert.Equal(1, r["quick"]);
        double teacher = r["teacher_loss"], unigram = r["unigram_loss"], fp32 = r["fp32_bytes"];
        double Delta(string key) => r[key] - teacher;

        // The teacher learned something: far below the unigram guess (1.859 vs 3.083 in the committed run).
        Assert.InRange(teacher, 1.75, 1.97);
        Assert.True(unigram - teacher > 1.0, $"teacher {teacher:F3} vs unigram {unigram:F3}");
        Assert.Equal(4 * r["teacher_parameters"], fp32);

        // Quantization: int8 within 0.004 nats at 26–29 % of the bytes, for every scheme.
        foreach (var scheme in new[] { "tensor_absmax", "tensor_zeropoint", "channel_absmax", "channel_zeropoint" })
        {
            Assert.InRange(Delta($"int8_{scheme}_loss"), -0.002, 0.006);
            Assert.InRange(r[$"int8_{scheme}_bytes"] / fp32, 0.25, 0.30);
            Assert.True(Delta($"int2_{scheme}_loss") > 1.0, $"int2 {scheme}: Δ {Delta($"int2_{scheme}_loss"):F3}");
        }
        // int6: per-tensor loses ~0.08, per-channel about 0.01 or less.
        Assert.InRange(Delta("int6_tensor_absmax_loss"), 0.04, 0.15);
        Assert.InRange(Delta("int6_tensor_zeropoint_loss"), 0.04, 0.15);
        Assert.True(Delta("int6_channel_absmax_loss") < 0.015 && Delta("int6_channel_zeropoint_loss") < 0.015);
        // int4: per-tensor absmax no better than the unigram guess, per-channel within 0.14 nats at 15–16 % of the bytes.
        Assert.True(r["int4_tensor_absmax_loss"] > unigram - 0.15, $"int4 per-tensor absmax {r["int4_tensor_absmax_loss"]:F3} vs unigram {unigram:F3}");
        Assert.InRange(Delta("int4_channel_absmax_loss"), 0.05, 0.2);
        Assert.InRange(Delta("int4_channel_zeropoint_loss"), 0.03, 0.17);
        Assert.InRange(r["int4_channel_absmax_bytes"] / fp32, 0.14, 0.17);
        Assert.InRange(r["int4_channel_zeropoint_bytes"] / fp32, 0.15, 0.175);
        // Zero-point ahead of absmax per channel at 4 and 3 bits.
        Assert.True(r["int4_channel_zeropoint_loss"] < r["int4_channel_absmax_loss"]);
        Assert.True(r["int3_channel_zeropoint_loss"] < r["int3_channel_absmax_loss"] - 0.05);
        // The per-channel overhead: 0.38 bits per weight for a scale, 0.77 with a zero point (rows of 64).
        Assert.InRange(r["int4_channel_absmax_bits_per_weight"] - 4, 0.33, 0.43);
        Assert.InRange(r["int4_channel_zeropoint_bits_per_weight"] - 4, 0.72, 0.82);
        Assert.InRange(r["int4_tensor_absmax_bits_per_weight"] - 4, 0, 0.01);

        // Pruning: the measured sparsity is the requested one; magnitude far ahead of random; global ahead of per layer.
        foreach (var p in new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90 })
        {
            Assert.InRange(r[$"prune{p}_measured_sparsity"], p / 100.0 - 1e-4, p / 100.0 + 1e-4);
            Assert.True(r[$"prune{p}_magnitude_loss"] < r[$"prune{p}_random_loss"], $"{p} %: magnitude not ahead of random");
            if (p >= 30) Assert.True(r[$"prune{p}_magnitude_loss"] < r[$"prune{p}_per_layer_loss"], $"{p} %: global not ahead of per layer");
        }
        Assert.True(Delta("prune30_magnitude_loss") < 0.02 && Delta("prune50_magnitude_loss") < 0.1, "30 % / 50 % magnitude pruning too costly");
        Assert.True(Delta("prune30_random_loss") > 0.4 && Delta("prune50_random_loss") > 0.8, "random pruning unexpectedly cheap");
        Assert.True(Delta("prune50_random_loss") > 10 * Delta("prune50_magnitude_loss"));
        Assert.InRange(r["prune50_per_layer_loss"] - teacher, 0.1, 0.35);
        Assert.InRange(r["prune50_sparse_bytes"] / (4 * r["prunable_weights"]), 0.95, 1.05);
        Assert.InRange(r["prune90_sparse_bytes"] / (4 * r["prunable_weights"]), 0.18, 0.25);
        Assert.InRange(Delta("prune90_magnitude_loss"), 0.8, 1.6);

        // Heads: layer 0's heads matter alone (0.10–0.30 nats), later layers' barely (under 0.01).
        Assert.Equal(12, r["heads_total"]);
        Assert.InRange(r["layer0_min_single_head_ablation"], 0.07, 0.4);
        Assert.InRange(r["layer0_max_single_head_ablation"], 0.2, 0.4);
        Assert.True(r["layer1_max_single_head_ablation"] < 0.01 && r["layer2_max_single_head_ablation"] < 0.01);
        // Raw gradient order: 7 of 12 removable within 0.05 nats, as many as the exact ablation order; random: none.
        Assert.InRange(r["heads_removable_raw_gradient"], 6, 8);
        Assert.InRange(r["heads_removable_raw_gradient"], r["heads_removable_ablation"] - 1, r["heads_removable_ablation"] + 1);
        Assert.Equal(0, r["heads_removable_random"]);
        Assert.True(r["heads1_random_loss"] - teacher > 0.1, $"random first head {r["heads1_random_loss"] - teacher:F3}");
        Assert.True(r["head_importance_raw_spearman"] > 0.6, $"raw ρ {r["head_importance_raw_spearman"]:F2}");
        // Per-layer normalisation (Michel et al.) is worse here: lower ρ, one head removable.
        Assert.True(r["head_importance_spearman"] < 0.4 && r["head_importance_spearman"] < r["head_importance_raw_spearman"] - 0.3);
        Assert.True(r["heads_removable_gradient"] <= 2, $"{r["heads_removable_gradient"]} heads removable by normalised scores");
        for (int k = 1; k <= 6; k++)
            Assert.True(r[$"heads{k}_raw_gradient_loss"] < r[$"heads{k}_random_loss"], $"{k} heads: raw gradient order not ahead of random");

        // Distillation: both seeds 0.18–0.20 nats better than hard labels, five times the seed spread, half the gap closed.
        foreach (var seed in new[] { 1, 2 })
        {
            double hard = r[$"student_hard_loss_seed{seed}"], soft = r[$"student_soft_loss_seed{seed}"];
            Assert.InRange(hard - soft, 0.12, 0.26);
            Assert.True(soft > teacher && hard < unigram, $"seed {seed}: student losses {hard:F3} / {soft:F3}");
            Assert.InRange((hard - soft) / (hard - teacher), 0.3, 0.7);
        }
        Assert.True(r["distillation_gain_min"] > 3 * r["student_seed_spread"], $"gain {r["distillation_gain_min"]:F3} vs spread {r["student_seed_spread"]:F3}");
        Assert.True(r["student_seed_spread"] < 0.06);

        // What it buys: the student is about as large as int8, does 3.4× fewer FLOPs; the rest do the teacher's.
        Assert.InRange(r["student_parameters"] / r["teacher_parameters"], 0.2, 0.33);
        Assert.InRange(r["student_bytes"] / r["int8_channel_bytes"], 0.9, 1.05);
        Assert.InRange(r["teacher_flops_per_char"] / r["student_flops_per_char"], 3.2, 3.6);
        // Every variant was undone: the teacher scores as before, and the costs table's pruned model is the one of section 2.
        Assert.Equal(teacher, r["teacher_loss_after_all_variants"], 6);
        Assert.Equal(r["prune50_magnitude_loss"], r["prune50_loss_in_costs_table"], 6);
        foreach (var key in r.Keys.Where(k => k.StartsWith("time_", StringComparison.Ordinal)))
            Assert.True(r[key] > 0, $"{key} not measured");
    }
}
