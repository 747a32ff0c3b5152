package org.xtalflow.screen;

/**
 * Why a filter rejected a structure: a stable reason code (counted in the funnel, e.g.
 * "distance.too_close") and a human detail naming atoms and numbers.
 */
public record Rejection(String code, String detail) {}
