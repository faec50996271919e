package org.ecogate.hj212;

/** The standard's data flags ({@code xxx-Flag}); {@link #B} means no value reached the logger (never a stop). */
public enum DataFlag {
    /** normal */ N,
    /** instrument stopped */ F,
    /** maintenance */ M,
    /** manual value */ S,
    /** instrument fault */ D,
    /** calibrating */ C,
    /** over measuring range */ T,
    /** communication fault between instrument and logger */ B
}
