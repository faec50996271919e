package org.ecogate.sim;

public final class SimMain {
    public static void main(String[] args) { System.out.println("sim"); }
}
