// PyTorch state_dict names, so checkpoints and reference fixtures map one to one:
// a model is torch.nn.LSTM/GRU/RNN registered as `rnn` plus torch.nn.Linear registered as `head`, with an
// optional torch.nn.Embedding registered as `embed` before them.
namespace Recurrent.Models;

/// <summary>The names of a model's parameters, as in a PyTorch state_dict.</summary>
public static class ParameterNames
{
    /// <summary>rnn.weight_ih_l{k} (rnn.weight_ih_l{k}_reverse for a reverse direction): (G·H × I_k).</summary>
    public static string WeightIh(int layer, bool reverse = false) => reverse ? $"rnn.weight_ih_l{layer}_reverse" : $"rnn.weight_ih_l{layer}";
    /// <summary>rnn.weight_hh_l{k}: (G·H × H).</summary>
    public static string WeightHh(int layer, bool reverse = false) => reverse ? $"rnn.weight_hh_l{layer}_reverse" : $"rnn.weight_hh_l{layer}";
    /// <summary>rnn.bias_ih_l{k}: (G·H).</summary>
    public static string BiasIh(int layer, bool reverse = false) => reverse ? $"rnn.bias_ih_l{layer}_reverse" : $"rnn.bias_ih_l{layer}";
    /// <summary>rnn.bias_hh_l{k}: (G·H).</summary>
    public static string BiasHh(int layer, bool reverse = false) => reverse ? $"rnn.bias_hh_l{layer}_reverse" : $"rnn.bias_hh_l{layer}";
    /// <summary>embed.weight: (V × D), the token embedding table, for embedded inputs.</summary>
    public const string EmbeddingWeight = "embed.weight";
    /// <summary>head.weight: (V × H), (V × 2H) when bidirectional.</summary>
    public const string HeadWeight = "head.weight";
    /// <summary>head.bias: (V).</summary>
    public const string HeadBias = "head.bias";
}
