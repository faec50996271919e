package org.ecogate.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecogate.sim.modbus.RegisterBank.Table;
import org.junit.jupiter.api.Test;

class RegisterBankTest {

    private final RegisterBank bank = new RegisterBank(8);

    @Test
    void float32IsHighWordFirst() {
        bank.setFloat32(Table.HOLDING, 2, 49.5f); // 0x42460000
        assertThat(bank.readRegisters(Table.HOLDING, 2, 2)).containsExactly(0x4246, 0x0000);
        assertThat(bank.getFloat32(Table.HOLDING, 2)).isEqualTo(49.5f);
    }

    @Test
    void uint32IsHighWordFirstAndRangeChecked() {
        bank.setUint32(Table.INPUT, 0, 0x1234_5678L);
        assertThat(bank.readRegisters(Table.INPUT, 0, 2)).containsExactly(0x1234, 0x5678);
        assertThat(bank.getUint32(Table.INPUT, 0)).isEqualTo(0x1234_5678L);
        assertThatThrownBy(() -> bank.setUint32(Table.INPUT, 0, -1)).hasMessageContaining("uint32");
    }

    @Test
    void bitsInsideARegister() {
        bank.setUint16(Table.HOLDING, 4, 0xFF00);
        bank.setBit(Table.HOLDING, 4, 0, true);
        bank.setBit(Table.HOLDING, 4, 15, false);
        assertThat(bank.getUint16(Table.HOLDING, 4)).isEqualTo(0x7F01);
        assertThat(bank.getBit(Table.HOLDING, 4, 0)).isTrue();
    }

    @Test
    void uint16IsMaskedAndInt16IsSigned() {
        bank.setUint16(Table.HOLDING, 0, -2);
        assertThat(bank.getUint16(Table.HOLDING, 0)).isEqualTo(0xFFFE);
        assertThat(bank.getInt16(Table.HOLDING, 0)).isEqualTo(-2);
    }

    @Test
    void errorsNameTableAndRange() {
        assertThatThrownBy(() -> bank.setFloat32(Table.HOLDING, 7, 1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("register bank: holding register 7..8 is outside 0..7");
        assertThatThrownBy(() -> bank.setBool(Table.HOLDING, 0, true)).hasMessageContaining("not bits");
        assertThatThrownBy(() -> bank.setUint16(Table.COIL, 0, 1)).hasMessageContaining("not registers");
    }
}
