package org.ecogate.agent;

import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT {
    @Test void runs() { assertThat(System.getProperty("java.class.path")).contains("sqlite-jdbc"); }
}
