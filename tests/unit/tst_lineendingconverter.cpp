// ASCII mode's line endings, however the blocks split them.
#include "files/lineendingconverter.h"

#include <QTest>

class TestLineEndingConverter : public QObject
{
    Q_OBJECT

private:
    static QByteArray convertInPieces(
        LineEndingConverter::Direction direction, const QByteArray &input, qsizetype split)
    {
        LineEndingConverter converter(direction);
        QByteArray out = converter.convert(input.constData(), split);
        out += converter.convert(input.constData() + split, input.size() - split);
        return out + converter.finish();
    }

private slots:
    void conversions_data()
    {
        QTest::addColumn<int>("direction");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        const int toLocal = int(LineEndingConverter::Direction::ToLocal);
        const int toWire = int(LineEndingConverter::Direction::ToWire);
        QTest::newRow("crlf to lf") << toLocal << QByteArray("a\r\nb\r\n") << QByteArray("a\nb\n");
        QTest::newRow("lone cr kept") << toLocal << QByteArray("a\rb\r") << QByteArray("a\rb\r");
        QTest::newRow("cr cr lf") << toLocal << QByteArray("a\r\r\n") << QByteArray("a\r\n");
        QTest::newRow("bare lf kept") << toLocal << QByteArray("a\nb") << QByteArray("a\nb");
        QTest::newRow("lf to crlf") << toWire << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("crlf stays") << toWire << QByteArray("a\r\nb") << QByteArray("a\r\nb");
        QTest::newRow("leading lf") << toWire << QByteArray("\n\n") << QByteArray("\r\n\r\n");
        QTest::newRow("empty") << toWire << QByteArray() << QByteArray();
    }

    void conversions()
    {
        QFETCH(int, direction);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        for (qsizetype split = 0; split <= input.size(); ++split) {
            QCOMPARE(
                convertInPieces(LineEndingConverter::Direction(direction), input, split), expected);
        }
    }

    void roundTripRestoresUnixText()
    {
        const QByteArray text("line one\nline two\n\nlast without newline");
        LineEndingConverter toWire(LineEndingConverter::Direction::ToWire);
        const QByteArray wire = toWire.convert(text.constData(), text.size()) + toWire.finish();
        QCOMPARE(wire.count('\r'), 3);
        LineEndingConverter toLocal(LineEndingConverter::Direction::ToLocal);
        QCOMPARE(toLocal.convert(wire.constData(), wire.size()) + toLocal.finish(), text);
    }
};

QTEST_GUILESS_MAIN(TestLineEndingConverter)
#include "tst_lineendingconverter.moc"
