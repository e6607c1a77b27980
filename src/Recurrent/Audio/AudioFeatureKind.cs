// Which features a frame of audio becomes.
namespace Recurrent.Audio;

/// <summary>MFCCs (the DCT-II of the log mel energies) or the log mel energies themselves.</summary>
public enum AudioFeatureKind
{
    /// <summary>Mel-frequency cepstral coefficients: the first <see cref="AudioFeatureSettings.Coefficients"/> of the orthonormal DCT-II of the log mel energies.</summary>
    Mfcc,

    /// <summary>The <see cref="AudioFeatureSettings.MelFilters"/> log mel filterbank energies.</summary>
    LogMel,
}
