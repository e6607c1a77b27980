// Names for the LSTM's four gate blocks, in PyTorch's row order within weight_ih / weight_hh.
namespace Recurrent.Models;

/// <summary>An LSTM gate; its value is the block index in the G·H rows of a recurrent parameter.</summary>
public enum LstmGate
{
    /// <summary>i: how much of the candidate to write.</summary>
    Input = 0,
    /// <summary>f: how much of the old cell state to keep.</summary>
    Forget = 1,
    /// <summary>g, the notes' C~: the candidate memory.</summary>
    Candidate = 2,
    /// <summary>o: how much of tanh(C) to show as h.</summary>
    Output = 3,
}
