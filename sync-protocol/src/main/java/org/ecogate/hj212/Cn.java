package org.ecogate.hj212;

/** Command numbers (CN) this implementation sends or answers; HJ 212-2017 table 7 unless marked 2025. */
public final class Cn {
    public static final String SET_TIMEOUT_RETRY = "1000";
    public static final String GET_TIME = "1011";
    public static final String SET_TIME = "1012";
    public static final String GET_RTD_INTERVAL = "1061";
    public static final String SET_RTD_INTERVAL = "1062";
    public static final String SET_PASSWORD = "1072";
    public static final String REALTIME = "2011";
    public static final String RUN_STATUS = "2021";
    public static final String DAY = "2031";
    public static final String RUN_TIME_DAY = "2041";
    public static final String MINUTE = "2051";
    public static final String HOUR = "2061";
    public static final String REQUEST_ANSWER = "9011";
    public static final String EXECUTION_RESULT = "9012";
    public static final String NOTICE_ANSWER = "9013";
    public static final String DATA_ANSWER = "9014";
    /** 2025 only: heartbeat (caoyiliang/HJ212 HeartbeatReq.cs). */
    public static final String HEARTBEAT_2025 = "9015";

    /** QnRtn of 9011. */
    public static final int QN_READY = 1;
    public static final int QN_REJECTED = 2;
    public static final int QN_PW_WRONG = 3;
    public static final int QN_MN_WRONG = 4;
    public static final int QN_ST_WRONG = 5;
    public static final int QN_FLAG_WRONG = 6;
    public static final int QN_QN_WRONG = 7;
    public static final int QN_CN_WRONG = 8;
    public static final int QN_CRC_WRONG = 9;
    public static final int QN_UNKNOWN = 100;
    /** ExeRtn of 9012. */
    public static final int EXE_OK = 1;
    public static final int EXE_FAILED = 2;
    public static final int EXE_NO_DATA = 100;

    private Cn() {
    }
}
