/**
 * Training PGCGM in DJL: the dataset and its self-augmentation, the WGAN-GP critic and
 * generator steps, the physics losses, checkpoints and evaluation of a trained generator.
 */
package org.xtalflow.train;
