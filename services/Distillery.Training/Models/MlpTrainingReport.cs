namespace Distillery.Training.Models;

/// <summary>
/// How a perceptron's training went: the epochs run, the epoch whose weights were kept and its
/// validation loss (the mean weighted cross-entropy; NaN, and the last epoch kept, when there
/// was no validation slice), and the optimiser steps taken.
/// </summary>
public sealed record MlpTrainingReport(int Epochs, int BestEpoch, double BestValidationLoss, int Steps);
