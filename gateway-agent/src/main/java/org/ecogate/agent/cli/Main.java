package org.ecogate.agent.cli;

public final class Main {
    public static void main(String[] args) { System.out.println("agent"); }
}
