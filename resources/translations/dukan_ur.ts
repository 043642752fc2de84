<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Dukan POS {version}

Data folder: {data}
Ledger: {ledger}</source>
        <translation>دکان POS {version}

ڈیٹا فولڈر: {data}
لیجر: {ledger}</translation>
    </message>
    <message>
        <source>About Dukan POS</source>
        <translation>دکان POS کے بارے میں</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
</context>
<context>
    <name>BackOffice</name>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Network (LAN / Wi-Fi, port 9100)</source>
        <translation>نیٹ ورک (LAN / Wi-Fi، پورٹ 9100)</translation>
    </message>
    <message>
        <source>Device or file</source>
        <translation>ڈیوائس یا فائل</translation>
    </message>
    <message>
        <source>Serial (COM port)</source>
        <translation>سیریل (COM پورٹ)</translation>
    </message>
</context>
<context>
    <name>BackOfficeWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>ڈیش بورڈ</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>اشیاء</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>سپلائرز</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>اسٹاک</translation>
    </message>
    <message>
        <source>Customers (udhaar)</source>
        <translation>گاہک (ادھار)</translation>
    </message>
    <message>
        <source>Staff and outlets</source>
        <translation>عملہ اور دکانیں</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>رپورٹس</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>ترتیبات</translation>
    </message>
    <message>
        <source>Dukan POS — Back office</source>
        <translation>دکان POS — بیک آفس</translation>
    </message>
    <message>
        <source>Owner: {name}</source>
        <translation>مالک: {name}</translation>
    </message>
    <message>
        <source>This PC is a counter: products, prices, stock, staff and udhaar write-offs are changed on the owner&apos;s PC.</source>
        <translation>یہ کمپیوٹر کاؤنٹر ہے: اشیاء، قیمتیں، اسٹاک، عملہ اور ادھار کی معافی مالک کے کمپیوٹر پر بدلے جاتے ہیں۔</translation>
    </message>
</context>
<context>
    <name>BillingWindow</name>
    <message>
        <source>Scan / search</source>
        <translation>اسکین / تلاش</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>گاہک</translation>
    </message>
    <message>
        <source>Qty / weight</source>
        <translation>تعداد / وزن</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>آئٹم رعایت</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>قیمت بدلیں</translation>
    </message>
    <message>
        <source>Bill discount</source>
        <translation>بل رعایت</translation>
    </message>
    <message>
        <source>Hold bill</source>
        <translation>بل روکیں</translation>
    </message>
    <message>
        <source>Held bills</source>
        <translation>روکے ہوئے بل</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>واپسی</translation>
    </message>
    <message>
        <source>Udhaar payment</source>
        <translation>ادھار وصولی</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>ادائیگی</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>آئٹم ہٹائیں</translation>
    </message>
    <message>
        <source>Cancel bill</source>
        <translation>بل منسوخ</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>رسید دوبارہ…</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>شفٹ</translation>
    </message>
    <message>
        <source>اردو / English</source>
        <translation>اردو / English</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>لاگ آؤٹ</translation>
    </message>
    <message>
        <source>About</source>
        <translation>تعارف</translation>
    </message>
    <message>
        <source>Settings (owner)</source>
        <translation>سیٹنگز (مالک)</translation>
    </message>
    <message>
        <source>Back office (owner)</source>
        <translation>بیک آفس (مالک)</translation>
    </message>
    <message>
        <source>Dukan POS {version} — Billing</source>
        <translation>دکان POS {version} — بلنگ</translation>
    </message>
    <message>
        <source>Scan a barcode or type a name / SKU  (3*code = 3 pieces)</source>
        <translation>بارکوڈ اسکین کریں یا نام / SKU لکھیں  (3*کوڈ = 3 عدد)</translation>
    </message>
    <message>
        <source>Z report saved: {path}</source>
        <translation>زیڈ رپورٹ محفوظ ہو گئی: {path}</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>دوبارہ پرنٹ کریں (Retry)</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>کل {amount}</translation>
    </message>
    <message>
        <source>No customer (F3 to choose)</source>
        <translation>کوئی گاہک نہیں (چننے کے لیے F3)</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>کوئی حد نہیں</translation>
    </message>
    <message>
        <source>Customer: {name} {phone}
Balance: {balance}
Credit limit: {limit}</source>
        <translation>گاہک: {name} {phone}
بقایا: {balance}
ادھار کی حد: {limit}</translation>
    </message>
    <message>
        <source>Not approved; the change was undone.</source>
        <translation>منظوری نہیں ملی؛ تبدیلی واپس لے لی گئی۔</translation>
    </message>
    <message>
        <source>The bill has no items.</source>
        <translation>بل میں کوئی آئٹم نہیں۔</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>تعداد</translation>
    </message>
    <message>
        <source>Quantity or weight ({unit}):</source>
        <translation>تعداد یا وزن ({unit}):</translation>
    </message>
    <message>
        <source>Discount on this line (Rs):</source>
        <translation>اس آئٹم پر رعایت (روپے):</translation>
    </message>
    <message>
        <source>New unit price (Rs):</source>
        <translation>نئی فی یونٹ قیمت (روپے):</translation>
    </message>
    <message>
        <source>Discount on the whole bill (Rs):</source>
        <translation>پورے بل پر رعایت (روپے):</translation>
    </message>
    <message>
        <source>Remove every item from this bill?</source>
        <translation>اس بل سے تمام آئٹمز ہٹا دیں؟</translation>
    </message>
    <message>
        <source>Save Z report…</source>
        <translation>زیڈ رپورٹ محفوظ کریں…</translation>
    </message>
    <message>
        <source>Receipt copy printed: {receipt}</source>
        <translation>رسید کی نقل پرنٹ ہو گئی: {receipt}</translation>
    </message>
    <message>
        <source>Z report printed.</source>
        <translation>زیڈ رپورٹ پرنٹ ہو گئی۔</translation>
    </message>
    <message>
        <source>Last sale {receipt}: {total}</source>
        <translation>پچھلی فروخت {receipt}: {total}</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>آئٹم</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>تعداد</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>رعایت</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>کل</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect this PC</source>
        <translation>یہ کمپیوٹر جوڑیں</translation>
    </message>
    <message>
        <source>Keep billing on this PC only</source>
        <translation>بلنگ صرف اسی کمپیوٹر پر رکھیں</translation>
    </message>
    <message>
        <source>email or phone</source>
        <translation>ای میل یا فون</translation>
    </message>
    <message>
        <source>Create a new account for this shop</source>
        <translation>اس دکان کے لیے نیا اکاؤنٹ بنائیں</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>سائن ان</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>سرور</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>پاس ورڈ</translation>
    </message>
    <message>
        <source>e.g. Counter 2</source>
        <translation>مثلاً کاؤنٹر 2</translation>
    </message>
    <message>
        <source>This is the owner&apos;s PC</source>
        <translation>یہ مالک کا کمپیوٹر ہے</translation>
    </message>
    <message>
        <source>A counter</source>
        <translation>ایک کاؤنٹر</translation>
    </message>
    <message>
        <source>It may change products, prices, staff and outlets, and receive or adjust stock.</source>
        <translation>اس پر اشیاء، قیمتیں، عملہ اور برانچیں بدلی جا سکتی ہیں، اور اسٹاک وصول یا درست کیا جا سکتا ہے۔</translation>
    </message>
    <message>
        <source>It sells and takes udhaar payments. Products, prices, staff and stock come from the owner&apos;s PC.</source>
        <translation>یہ فروخت کرتا ہے اور ادھار وصولی لیتا ہے۔ اشیاء، قیمتیں، عملہ اور اسٹاک مالک کے کمپیوٹر سے آتے ہیں۔</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>جوڑیں</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>واپس</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>برانچ</translation>
    </message>
    <message>
        <source>New outlet name</source>
        <translation>نئی برانچ کا نام</translation>
    </message>
    <message>
        <source>Receipt prefix</source>
        <translation>رسید کا سابقہ</translation>
    </message>
    <message>
        <source>This PC&apos;s name</source>
        <translation>اس کمپیوٹر کا نام</translation>
    </message>
    <message>
        <source>This PC is</source>
        <translation>یہ کمپیوٹر</translation>
    </message>
    <message>
        <source>Talking to the server…</source>
        <translation>سرور سے رابطہ ہو رہا ہے…</translation>
    </message>
    <message>
        <source>The server could not be reached or refused: {0}</source>
        <translation>سرور تک رسائی نہیں ہو سکی یا اس نے انکار کیا: {0}</translation>
    </message>
    <message>
        <source>Enter the server, the owner&apos;s email or phone and the password.</source>
        <translation>سرور، مالک کا ای میل یا فون اور پاس ورڈ لکھیں۔</translation>
    </message>
    <message>
        <source>will be created on the server</source>
        <translation>سرور پر بنائی جائے گی</translation>
    </message>
    <message>
        <source>New outlet…</source>
        <translation>نئی برانچ…</translation>
    </message>
    <message>
        <source>Connected. This PC&apos;s history is uploading in the background; billing carries on as usual.</source>
        <translation>جڑ گیا۔ اس کمپیوٹر کا ریکارڈ پس منظر میں اپ لوڈ ہو رہا ہے؛ بلنگ معمول کے مطابق جاری ہے۔</translation>
    </message>
</context>
<context>
    <name>CounterActions</name>
    <message>
        <source>The bill has no items.</source>
        <translation>بل میں کوئی آئٹم نہیں۔</translation>
    </message>
    <message>
        <source>Hold bill</source>
        <translation>بل روکیں</translation>
    </message>
    <message>
        <source>A name to find it by (optional):</source>
        <translation>تلاش کے لیے نام (اختیاری):</translation>
    </message>
    <message>
        <source>Bill held. F9 brings it back.</source>
        <translation>بل روک لیا گیا۔ F9 سے واپس لائیں۔</translation>
    </message>
    <message>
        <source>Finish or hold the current bill first.</source>
        <translation>پہلے موجودہ بل مکمل کریں یا روکیں۔</translation>
    </message>
    <message>
        <source>Held bill recalled.</source>
        <translation>روکا ہوا بل واپس آ گیا۔</translation>
    </message>
    <message>
        <source>Shift closed.</source>
        <translation>شفٹ بند ہو گئی۔</translation>
    </message>
    <message>
        <source>Save Z report…</source>
        <translation>زیڈ رپورٹ محفوظ کریں…</translation>
    </message>
    <message>
        <source>Save Z report</source>
        <translation>زیڈ رپورٹ محفوظ کریں</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Sync details, failed records and retry ({key})</source>
        <translation>سنک کی تفصیل، ناکام ریکارڈ اور دوبارہ کوشش ({key})</translation>
    </message>
    <message>
        <source>Sync details</source>
        <translation>سنک کی تفصیل</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>کیشیئر</translation>
    </message>
    <message>
        <source>Worker: {name} ({role})</source>
        <translation>کارکن: {name} ({role})</translation>
    </message>
    <message>
        <source>Outlet: {name} ({code}-{device})</source>
        <translation>برانچ: {name} ({code}-{device})</translation>
    </message>
    <message>
        <source>No shift open (Ctrl+H)</source>
        <translation>کوئی شفٹ کھلی نہیں (Ctrl+H)</translation>
    </message>
    <message>
        <source>Another cashier&apos;s shift is open: your sales are outside it</source>
        <translation>کسی اور کیشیئر کی شفٹ کھلی ہے: آپ کی فروخت اس میں شامل نہیں</translation>
    </message>
    <message>
        <source>Shift since {time}</source>
        <translation>شفٹ {time} سے</translation>
    </message>
</context>
<context>
    <name>CreditPaymentDialog</name>
    <message>
        <source>Udhaar payment</source>
        <translation>ادھار وصولی</translation>
    </message>
    <message>
        <source>F3  Find customer</source>
        <translation>F3  گاہک تلاش کریں</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>رسید</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>On credit</source>
        <translation>ادھار</translation>
    </message>
    <message>
        <source>Still owed</source>
        <translation>باقی واجب</translation>
    </message>
    <message>
        <source>Pay against (optional)</source>
        <translation>جمع (اختیاری)</translation>
    </message>
    <message>
        <source>Leave “Pay against” empty to clear the oldest sales first.</source>
        <translation>”جمع“ خالی چھوڑیں تو سب سے پرانے بل پہلے صاف ہوں گے۔</translation>
    </message>
    <message>
        <source>Amount received</source>
        <translation>وصول شدہ رقم</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>ادائیگی کا طریقہ</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>حوالہ</translation>
    </message>
    <message>
        <source>F12  Take payment</source>
        <translation>F12  رقم وصول کریں</translation>
    </message>
    <message>
        <source>Who is paying?</source>
        <translation>کون ادائیگی کر رہا ہے؟</translation>
    </message>
    <message>
        <source>No customer chosen (F3).</source>
        <translation>کوئی گاہک نہیں چنا گیا (F3)۔</translation>
    </message>
    <message>
        <source>{name} {phone} — owes {balance}</source>
        <translation>{name} {phone} — ذمے {balance}</translation>
    </message>
    <message>
        <source>Choose the customer first (F3).</source>
        <translation>پہلے گاہک چنیں (F3)۔</translation>
    </message>
</context>
<context>
    <name>CustomerDialogs</name>
    <message>
        <source>{name} owes {amount}</source>
        <translation>{name} کے ذمے {amount}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Customer on the bill</source>
        <translation>بل پر گاہک</translation>
    </message>
    <message>
        <source>Name or phone — ↑↓ to choose, Enter to pick</source>
        <translation>نام یا فون — ↑↓ سے چنیں، Enter دبائیں</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Balance (udhaar)</source>
        <translation>بقایا (ادھار)</translation>
    </message>
    <message>
        <source>Credit limit</source>
        <translation>ادھار کی حد</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>کوئی حد نہیں</translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation>نئے گاہک کا نام</translation>
    </message>
    <message>
        <source>Ctrl+N  Add customer</source>
        <translation>Ctrl+N  گاہک شامل کریں</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Credit sale</source>
        <translation>ادھار فروخت</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>ادائیگی</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>واپسی</translation>
    </message>
    <message>
        <source>Write-off</source>
        <translation>معافی</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>درستی</translation>
    </message>
    <message>
        <source>Filter by name or phone</source>
        <translation>نام یا فون سے تلاش کریں</translation>
    </message>
    <message>
        <source>Only those who owe</source>
        <translation>صرف جن کے ذمے ادھار ہے</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>بقایا</translation>
    </message>
    <message>
        <source>Oldest due</source>
        <translation>سب سے پرانا واجب</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>حد</translation>
    </message>
    <message>
        <source>none</source>
        <translation>کوئی نہیں</translation>
    </message>
    <message>
        <source>Choose a customer to see their ledger.</source>
        <translation>کھاتہ دیکھنے کے لیے گاہک منتخب کریں۔</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>اندراج</translation>
    </message>
    <message>
        <source>Bill / note</source>
        <translation>بل / نوٹ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>رقم</translation>
    </message>
    <message>
        <source>Record payment…</source>
        <translation>ادائیگی درج کریں…</translation>
    </message>
    <message>
        <source>Settle…</source>
        <translation>حساب صاف کریں…</translation>
    </message>
    <message>
        <source>Write off…</source>
        <translation>معاف کریں…</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>درستی کریں…</translation>
    </message>
    <message>
        <source>Credit limit…</source>
        <translation>ادھار کی حد…</translation>
    </message>
    <message>
        <source>Reminder…</source>
        <translation>یاد دہانی…</translation>
    </message>
    <message>
        <source>Statement PDF…</source>
        <translation>گوشوارہ PDF…</translation>
    </message>
    <message>
        <source>{count} customers owe {amount} in all; {over} are over their credit limit.</source>
        <translation>{count} گاہکوں کے ذمے کل {amount} ہے؛ {over} اپنی ادھار کی حد سے اوپر ہیں۔</translation>
    </message>
    <message>
        <source>{name} ({phone}) — owes {amount}, limit {limit}</source>
        <translation>{name} ({phone}) — ذمے {amount}، حد {limit}</translation>
    </message>
    <message>
        <source>Choose a customer first.</source>
        <translation>پہلے گاہک منتخب کریں۔</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Refresh</source>
        <translation>تازہ کریں</translation>
    </message>
    <message>
        <source>Show all outlets (sign in)…</source>
        <translation>تمام برانچیں دکھائیں (سائن اِن)…</translation>
    </message>
    <message>
        <source>Today&apos;s sales</source>
        <translation>آج کی فروخت</translation>
    </message>
    <message>
        <source>Bills today</source>
        <translation>آج کے بل</translation>
    </message>
    <message>
        <source>Udhaar outstanding</source>
        <translation>بقایا ادھار</translation>
    </message>
    <message>
        <source>Sales, last 30 days</source>
        <translation>فروخت، پچھلے 30 دن</translation>
    </message>
    <message>
        <source>Payment mix, last 30 days</source>
        <translation>ادائیگی کے طریقے، پچھلے 30 دن</translation>
    </message>
    <message>
        <source>Top products, last 30 days</source>
        <translation>سب سے زیادہ بکنے والی اشیاء، پچھلے 30 دن</translation>
    </message>
    <message>
        <source>This PC&apos;s ledger (outlet {name}, {code}) — server unreachable</source>
        <translation>اس کمپیوٹر کا کھاتہ (دکان {name}، {code}) — سرور دستیاب نہیں</translation>
    </message>
    <message>
        <source>This PC&apos;s ledger (outlet {name}, {code})</source>
        <translation>اس کمپیوٹر کا کھاتہ (دکان {name}، {code})</translation>
    </message>
    <message>
        <source>This PC is not connected to a server.</source>
        <translation>یہ کمپیوٹر کسی سرور سے منسلک نہیں ہے۔</translation>
    </message>
    <message>
        <source>All outlets (server, as of {time})</source>
        <translation>تمام برانچیں (سرور، {time} تک)</translation>
    </message>
    <message>
        <source>{amount} ({count} customers)</source>
        <translation>{amount} ({count} گاہک)</translation>
    </message>
</context>
<context>
    <name>FailedRecords</name>
    <message>
        <source>Sale</source>
        <translation>فروخت</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>واپسی</translation>
    </message>
    <message>
        <source>Udhaar payment</source>
        <translation>ادھار وصولی</translation>
    </message>
    <message>
        <source>Udhaar entry</source>
        <translation>ادھار اندراج</translation>
    </message>
    <message>
        <source>Stock movement</source>
        <translation>اسٹاک کی آمد و رفت</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>شفٹ کھلی</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>شفٹ بند ہوئی</translation>
    </message>
    <message>
        <source>Cash in / out</source>
        <translation>نقد اندر / باہر</translation>
    </message>
    <message>
        <source>Owner approval</source>
        <translation>مالک کی منظوری</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>پروڈکٹ</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>سپلائر</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>گاہک</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>برانچ</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>عملے کا رکن</translation>
    </message>
    <message>
        <source>Only the owner&apos;s PC may change products, prices, staff and outlets, receive or adjust stock, or write off udhaar. Do this on the owner&apos;s PC, or connect this PC again as the owner&apos;s PC.</source>
        <translation>اشیاء، قیمتیں، عملہ اور برانچیں بدلنا، اسٹاک وصول یا درست کرنا، یا ادھار معاف کرنا صرف مالک کے کمپیوٹر سے ہو سکتا ہے۔ یہ کام مالک کے کمپیوٹر پر کریں، یا اس کمپیوٹر کو مالک کے کمپیوٹر کے طور پر دوبارہ جوڑیں۔</translation>
    </message>
    <message>
        <source>The plan has ended, so the server will not add this. It is sent again by itself after the owner renews the plan.</source>
        <translation>پلان ختم ہو گیا ہے، اس لیے سرور اسے شامل نہیں کرے گا۔ مالک کے پلان کی تجدید کے بعد یہ خود دوبارہ بھیجا جائے گا۔</translation>
    </message>
    <message>
        <source>This record belongs to another outlet than the one this PC is connected to.</source>
        <translation>یہ ریکارڈ اس برانچ کا نہیں جس سے یہ کمپیوٹر جڑا ہے۔</translation>
    </message>
    <message>
        <source>Stock arriving by transfer whose sending side the server has not got yet. It is sent again by itself in a few hours and when the app starts.</source>
        <translation>منتقلی سے آنے والا اسٹاک، جس کی بھیجنے والی طرف ابھی سرور تک نہیں پہنچی۔ یہ چند گھنٹوں بعد اور ایپ شروع ہونے پر خود دوبارہ بھیجا جائے گا۔</translation>
    </message>
    <message>
        <source>A stock transfer from an outlet to itself.</source>
        <translation>ایک ہی برانچ سے اسی برانچ کو اسٹاک کی منتقلی۔</translation>
    </message>
    <message>
        <source>This record was made on another PC.</source>
        <translation>یہ ریکارڈ کسی اور کمپیوٹر پر بنا تھا۔</translation>
    </message>
    <message>
        <source>The server already holds a different version of this record; the server&apos;s copy is kept.</source>
        <translation>سرور پر اس ریکارڈ کا ایک مختلف نسخہ پہلے سے موجود ہے؛ سرور والا نسخہ رکھا گیا ہے۔</translation>
    </message>
    <message>
        <source>The server kept failing on this record while others went through. It is sent again by itself in a few hours and when the app starts.</source>
        <translation>باقی ریکارڈ چلے گئے مگر اس ریکارڈ پر سرور بار بار ناکام ہوتا رہا۔ یہ چند گھنٹوں بعد اور ایپ دوبارہ کھلنے پر خود دوبارہ بھیجا جائے گا۔</translation>
    </message>
    <message>
        <source>The server could not read this record. It is sent again by itself in a few hours and when the app starts; updating the app may help.</source>
        <translation>سرور یہ ریکارڈ پڑھ نہیں سکا۔ یہ چند گھنٹوں بعد اور ایپ دوبارہ کھلنے پر خود دوبارہ بھیجا جائے گا؛ ایپ اپ ڈیٹ کرنے سے مدد مل سکتی ہے۔</translation>
    </message>
    <message>
        <source>The server refused this record ({code}).</source>
        <translation>سرور نے یہ ریکارڈ قبول نہیں کیا ({code})۔</translation>
    </message>
</context>
<context>
    <name>HeldBillsDialog</name>
    <message>
        <source>Held bills</source>
        <translation>روکے ہوئے بل</translation>
    </message>
    <message>
        <source>Choose a bill with ↑↓ and press Enter to bring it back.</source>
        <translation>↑↓ سے بل چنیں اور واپس لانے کے لیے Enter دبائیں۔</translation>
    </message>
    <message>
        <source>No bills are on hold.</source>
        <translation>کوئی بل رکا ہوا نہیں۔</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>روکنے کا وقت</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>آئٹمز</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>کل</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import products from CSV</source>
        <translation>CSV سے اشیاء درآمد کریں</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>فائل: {name}</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>سطر</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>چیز</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>مسترد ہونے کی وجہ</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>مسترد</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>شامل</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>تبدیل</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>درآمد کریں</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>فائل کی جانچ ہو رہی ہے…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>درآمد ہو رہی ہے…</translation>
    </message>
    <message>
        <source>Check before importing: {added} new, {changed} changed, {unchanged} unchanged, {refused} refused (refused rows are skipped).</source>
        <translation>درآمد سے پہلے جانچ: {added} نئی، {changed} تبدیل، {unchanged} بغیر تبدیلی، {refused} مسترد (مسترد سطریں چھوڑ دی جائیں گی)۔</translation>
    </message>
    <message>
        <source>Imported: {added} new, {changed} changed, {unchanged} unchanged, {refused} refused.</source>
        <translation>درآمد مکمل: {added} نئی، {changed} تبدیل، {unchanged} بغیر تبدیلی، {refused} مسترد۔</translation>
    </message>
    <message>
        <source>The products were saved.</source>
        <translation>اشیاء محفوظ ہو گئیں۔</translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
    <message>
        <source>This cannot be stopped half-way.</source>
        <translation>یہ کام درمیان میں روکا نہیں جا سکتا۔</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>منسوخ ہو رہا ہے…</translation>
    </message>
</context>
<context>
    <name>LimitDialog</name>
    <message>
        <source>Credit limit</source>
        <translation>ادھار کی حد</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>کوئی حد نہیں</translation>
    </message>
    <message>
        <source>Limit (Rs)</source>
        <translation>حد (روپے)</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Dukan POS — Log in</source>
        <translation>دکان POS — لاگ ان</translation>
    </message>
    <message>
        <source>Choose your name with ↑↓, type your PIN and press Enter.</source>
        <translation>↑↓ سے اپنا نام چنیں، PIN لکھیں اور Enter دبائیں۔</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>عہدہ</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>کیشیئر</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Ctrl+L  اردو / English</source>
        <translation>Ctrl+L  اردو / English</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <source>Sale {receipt} saved.</source>
        <translation>فروخت {receipt} محفوظ ہو گئی۔</translation>
    </message>
    <message>
        <source>{amount} on {name}&apos;s udhaar</source>
        <translation>{name} کے ادھار میں {amount}</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>بقایا واپسی {amount}</translation>
    </message>
    <message>
        <source>New balance {balance}</source>
        <translation>نیا بقایا {balance}</translation>
    </message>
    <message>
        <source>Return {receipt} saved.</source>
        <translation>واپسی {receipt} محفوظ ہو گئی۔</translation>
    </message>
    <message>
        <source>{amount} back on {name}&apos;s udhaar</source>
        <translation>{name} کے ادھار سے {amount} منہا</translation>
    </message>
    <message>
        <source>Refund {amount} in cash</source>
        <translation>نقد {amount} واپس کریں</translation>
    </message>
    <message>
        <source>Nothing to refund.</source>
        <translation>واپس کرنے کو کچھ نہیں۔</translation>
    </message>
    <message>
        <source>Received {amount} from {name}. New balance {balance}</source>
        <translation>{name} سے {amount} وصول ہوئے۔ نیا بقایا {balance}</translation>
    </message>
</context>
<context>
    <name>OutletDialog</name>
    <message>
        <source>Open (accepting sales)</source>
        <translation>کھلی (فروخت جاری)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Receipt prefix</source>
        <translation>رسید کا سابقہ</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>پتہ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Add an outlet</source>
        <translation>نئی دکان شامل کریں</translation>
    </message>
    <message>
        <source>Edit outlet</source>
        <translation>دکان میں ترمیم</translation>
    </message>
</context>
<context>
    <name>OwnerEntryDialog</name>
    <message>
        <source>Settle the account</source>
        <translation>حساب صاف کریں</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>معاف کریں</translation>
    </message>
    <message>
        <source>Adjust the balance</source>
        <translation>بقایا درست کریں</translation>
    </message>
    <message>
        <source>Received now (Rs)</source>
        <translation>ابھی وصول (روپے)</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>ادائیگی کا طریقہ</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>حوالہ</translation>
    </message>
    <message>
        <source>Whatever is not received now is written off.</source>
        <translation>جو رقم ابھی وصول نہیں ہوئی وہ معاف کر دی جائے گی۔</translation>
    </message>
    <message>
        <source>Amount (Rs)</source>
        <translation>رقم (روپے)</translation>
    </message>
    <message>
        <source>Increase what they owe</source>
        <translation>ادھار بڑھائیں</translation>
    </message>
    <message>
        <source>Reduce what they owe</source>
        <translation>ادھار کم کریں</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>تبدیلی</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>وجہ</translation>
    </message>
</context>
<context>
    <name>OwnerPinDialog</name>
    <message>
        <source>Take back goods (return)</source>
        <translation>سامان واپس لینا (واپسی)</translation>
    </message>
    <message>
        <source>Void a sale</source>
        <translation>فروخت منسوخ کرنا</translation>
    </message>
    <message>
        <source>Change a price</source>
        <translation>قیمت بدلنا</translation>
    </message>
    <message>
        <source>Discount above the cashier&apos;s limit</source>
        <translation>کیشیئر کی حد سے زیادہ رعایت</translation>
    </message>
    <message>
        <source>Sale over the customer&apos;s credit limit</source>
        <translation>گاہک کی ادھار حد سے زیادہ فروخت</translation>
    </message>
    <message>
        <source>Owner approval</source>
        <translation>مالک کی منظوری</translation>
    </message>
    <message>
        <source>This needs the owner&apos;s PIN:</source>
        <translation>اس کے لیے مالک کا PIN چاہیے:</translation>
    </message>
    <message>
        <source>Owner approving:</source>
        <translation>منظوری دینے والا مالک:</translation>
    </message>
    <message>
        <source>Owner PIN</source>
        <translation>مالک کا PIN</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>منظور کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>OwnerSettingsDialog</name>
    <message>
        <source>Counter settings</source>
        <translation>کاؤنٹر کی سیٹنگز</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Cashier discount limit (%)</source>
        <translation>کیشیئر کی رعایت کی حد (%)</translation>
    </message>
    <message>
        <source>Exact paisa</source>
        <translation>پورے پیسے</translation>
    </message>
    <message>
        <source>Nearest rupee</source>
        <translation>قریب ترین روپیہ</translation>
    </message>
    <message>
        <source>Cash round-off</source>
        <translation>نقد راؤنڈ آف</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record a payment</source>
        <translation>ادائیگی درج کریں</translation>
    </message>
    <message>
        <source>Oldest bills first</source>
        <translation>پہلے پرانے بل</translation>
    </message>
    <message>
        <source>Bill {ref} of {day}: {owed} owed</source>
        <translation>بل {ref} بتاریخ {day}: {owed} واجب</translation>
    </message>
    <message>
        <source>More than that bill owes goes to the oldest other bills.</source>
        <translation>اس بل سے زیادہ رقم باقی پرانے بلوں میں پہلے جمع ہو گی۔</translation>
    </message>
    <message>
        <source>Amount (Rs)</source>
        <translation>رقم (روپے)</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>ادائیگی کا طریقہ</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>حوالہ</translation>
    </message>
    <message>
        <source>Apply to</source>
        <translation>کس بل میں</translation>
    </message>
</context>
<context>
    <name>PaymentMethods</name>
    <message>
        <source>Cash</source>
        <translation>نقد</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارڈ</translation>
    </message>
    <message>
        <source>JazzCash</source>
        <translation>جاز کیش</translation>
    </message>
    <message>
        <source>Easypaisa</source>
        <translation>ایزی پیسہ</translation>
    </message>
    <message>
        <source>Raast</source>
        <translation>راست</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>بینک ٹرانسفر</translation>
    </message>
    <message>
        <source>Credit (udhaar)</source>
        <translation>ادھار</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>New PIN for {name}</source>
        <translation>{name} کا نیا PIN</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>نیا PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN دوبارہ</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>New product</source>
        <translation>نئی چیز</translation>
    </message>
    <message>
        <source>Edit product</source>
        <translation>چیز میں ترمیم</translation>
    </message>
    <message>
        <source>Scan or type; separate several with spaces</source>
        <translation>اسکین کریں یا لکھیں؛ ایک سے زیادہ کے درمیان خالی جگہ دیں</translation>
    </message>
    <message>
        <source>Price includes tax</source>
        <translation>قیمت میں ٹیکس شامل</translation>
    </message>
    <message>
        <source>Tax added to price</source>
        <translation>ٹیکس قیمت کے اوپر</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>مستثنیٰ</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(کوئی نہیں)</translation>
    </message>
    <message>
        <source>Sold at the counter</source>
        <translation>کاؤنٹر پر فروخت ہوتی ہے</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>انگریزی نام</translation>
    </message>
    <message>
        <source>Urdu name</source>
        <translation>اردو نام</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>بارکوڈ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>اکائی</translation>
    </message>
    <message>
        <source>Price (Rs)</source>
        <translation>قیمت (روپے)</translation>
    </message>
    <message>
        <source>Cost (Rs)</source>
        <translation>لاگت (روپے)</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>ٹیکس</translation>
    </message>
    <message>
        <source>Tax rate %</source>
        <translation>ٹیکس کی شرح %</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>سپلائر</translation>
    </message>
    <message>
        <source>Reorder level</source>
        <translation>دوبارہ منگوانے کی حد</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>ProductSearchList</name>
    <message>
        <source>Product</source>
        <translation>پروڈکٹ</translation>
    </message>
    <message>
        <source>Urdu name</source>
        <translation>اردو نام</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Urdu name</source>
        <translation>اردو نام</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>بارکوڈ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>اکائی</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>لاگت</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>ٹیکس</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>سپلائر</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>exempt</source>
        <translation>مستثنیٰ</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <source>no</source>
        <translation>نہیں</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>Filter by name, Urdu name, SKU, barcode or supplier</source>
        <translation>نام، اردو نام، SKU، بارکوڈ یا سپلائر سے تلاش کریں</translation>
    </message>
    <message>
        <source>Show inactive</source>
        <translation>غیر فعال بھی دکھائیں</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>نئی چیز</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>ترمیم</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>CSV درآمد…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV برآمد…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>لوڈ ہو رہا ہے…</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{total} میں سے {shown}</translation>
    </message>
    <message>
        <source>Choose a product first.</source>
        <translation>پہلے چیز منتخب کریں۔</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} محفوظ ہو گیا۔</translation>
    </message>
    <message>
        <source>Import products</source>
        <translation>اشیاء درآمد کریں</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV فائلیں (*.csv)</translation>
    </message>
    <message>
        <source>Export products</source>
        <translation>اشیاء برآمد کریں</translation>
    </message>
    <message>
        <source>Exported {count} products to {path}.</source>
        <translation>{count} اشیاء {path} میں برآمد ہو گئیں۔</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>برآمد ہو رہی ہے…</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receipt {receipt}</source>
        <translation>رسید {receipt}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
</context>
<context>
    <name>ReceiptView</name>
    <message>
        <source>Reprint a receipt</source>
        <translation>رسید دوبارہ پرنٹ کریں</translation>
    </message>
    <message>
        <source>Receipt or return slip number (the last one is filled in):</source>
        <translation>رسید یا واپسی کی رسید کا نمبر (آخری نمبر پہلے سے لکھا ہے):</translation>
    </message>
</context>
<context>
    <name>ReminderDialog</name>
    <message>
        <source>Reminder for {name}</source>
        <translation>{name} کے لیے یاد دہانی</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>متن کاپی کریں</translation>
    </message>
    <message>
        <source>Open WhatsApp</source>
        <translation>واٹس ایپ کھولیں</translation>
    </message>
    <message>
        <source>Open SMS</source>
        <translation>SMS کھولیں</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <source>Copied. Paste it into WhatsApp or an SMS.</source>
        <translation>کاپی ہو گیا۔ واٹس ایپ یا SMS میں پیسٹ کریں۔</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Sales by day</source>
        <translation>روزانہ فروخت</translation>
    </message>
    <message>
        <source>Sales by outlet</source>
        <translation>دکان وار فروخت</translation>
    </message>
    <message>
        <source>Sales by worker</source>
        <translation>کارکن وار فروخت</translation>
    </message>
    <message>
        <source>Payment mix</source>
        <translation>ادائیگی کے طریقے</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>سب سے زیادہ بکنے والی اشیاء</translation>
    </message>
    <message>
        <source>Credit aging</source>
        <translation>ادھار کی مدت</translation>
    </message>
    <message>
        <source>Stock valuation</source>
        <translation>اسٹاک کی مالیت</translation>
    </message>
    <message>
        <source>Shift (Z) history</source>
        <translation>شفٹ (Z) ریکارڈ</translation>
    </message>
    <message>
        <source>All outlets</source>
        <translation>تمام دکانیں</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV برآمد…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>سے</translation>
    </message>
    <message>
        <source>To</source>
        <translation>تک</translation>
    </message>
    <message>
        <source>All outlets (sign in)…</source>
        <translation>تمام برانچیں (سائن اِن)…</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>{count} سطریں</translation>
    </message>
    <message>
        <source>This PC&apos;s sales only (outlet {name}, {code})</source>
        <translation>صرف اس کمپیوٹر کی فروخت (دکان {name}، {code})</translation>
    </message>
    <message>
        <source> — server unreachable</source>
        <translation> — سرور دستیاب نہیں</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>دن</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>دکان</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>کارکن</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>بل</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>کل</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>ٹیکس</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>رعایت</translation>
    </message>
    <message>
        <source>On udhaar</source>
        <translation>ادھار پر</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>طریقہ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>رقم</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>حصہ</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>چیز</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>مقدار</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>آمدنی</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>منافع</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>گاہک</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Udhaar in this PC&apos;s ledger (other outlets&apos; entries arrive by sync)</source>
        <translation>اس کمپیوٹر کے کھاتے میں ادھار (دوسری دکانوں کے اندراج سنک سے آتے ہیں)</translation>
    </message>
    <message>
        <source>Items in stock</source>
        <translation>اسٹاک میں اشیاء</translation>
    </message>
    <message>
        <source>At cost</source>
        <translation>لاگت پر</translation>
    </message>
    <message>
        <source>At retail</source>
        <translation>پرچون قیمت پر</translation>
    </message>
    <message>
        <source>Below zero</source>
        <translation>صفر سے کم</translation>
    </message>
    <message>
        <source>Stock at this PC&apos;s outlet ({name}, {code})</source>
        <translation>اس کمپیوٹر کی دکان کا اسٹاک ({name}، {code})</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>شروع</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>بند</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>کیشیئر</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>فروخت</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>متوقع نقد</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>گنا گیا</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>فرق</translation>
    </message>
    <message>
        <source>Shifts on this PC</source>
        <translation>اس کمپیوٹر کی شفٹیں</translation>
    </message>
    <message>
        <source>Outlet {name} (server, as of {time})</source>
        <translation>دکان {name} (سرور، {time} تک)</translation>
    </message>
    <message>
        <source>All outlets (server, as of {time})</source>
        <translation>تمام برانچیں (سرور، {time} تک)</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>واپسی</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>خالص</translation>
    </message>
    <message>
        <source>Fetching every outlet&apos;s figures from the server…</source>
        <translation>سرور سے تمام دکانوں کے اعداد و شمار آ رہے ہیں…</translation>
    </message>
    <message>
        <source>This PC is not connected to a server.</source>
        <translation>یہ کمپیوٹر کسی سرور سے منسلک نہیں ہے۔</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>رپورٹ برآمد کریں</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV فائلیں (*.csv)</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>{path} محفوظ ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>ReturnsDialog</name>
    <message>
        <source>Return goods</source>
        <translation>سامان کی واپسی</translation>
    </message>
    <message>
        <source>e.g. GUL-1-000012 — Enter to find</source>
        <translation>مثلاً GUL-1-000012 — تلاش کے لیے Enter</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>رسید نمبر</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>آئٹم</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>فروخت شدہ</translation>
    </message>
    <message>
        <source>Returned before</source>
        <translation>پہلے واپس</translation>
    </message>
    <message>
        <source>Return now</source>
        <translation>اب واپس</translation>
    </message>
    <message>
        <source>Refund (all left)</source>
        <translation>واپسی رقم (باقی سب)</translation>
    </message>
    <message>
        <source>Automatic (udhaar first, then cash)</source>
        <translation>خودکار (پہلے ادھار، پھر نقد)</translation>
    </message>
    <message>
        <source>Cash back</source>
        <translation>نقد واپس</translation>
    </message>
    <message>
        <source>Off the customer&apos;s udhaar</source>
        <translation>گاہک کے ادھار سے منہا</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>رقم کی واپسی</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>وجہ</translation>
    </message>
    <message>
        <source>F12  Make the return</source>
        <translation>F12  واپسی کریں</translation>
    </message>
    <message>
        <source>Ctrl+F12  Void the whole sale</source>
        <translation>Ctrl+F12  پوری فروخت منسوخ کریں</translation>
    </message>
    <message>
        <source>Sale {receipt}: {total}</source>
        <translation>فروخت {receipt}: {total}</translation>
    </message>
    <message>
        <source>Find the receipt first.</source>
        <translation>پہلے رسید تلاش کریں۔</translation>
    </message>
    <message>
        <source>Not approved. Nothing was returned.</source>
        <translation>منظوری نہیں ملی۔ کچھ واپس نہیں ہوا۔</translation>
    </message>
    <message>
        <source>Type how many of an item come back.</source>
        <translation>لکھیں کہ کسی آئٹم کی کتنی تعداد واپس آ رہی ہے۔</translation>
    </message>
</context>
<context>
    <name>ServerSignInDialog</name>
    <message>
        <source>Sign in to the server</source>
        <translation>سرور میں سائن اِن کریں</translation>
    </message>
    <message>
        <source>Email or phone</source>
        <translation>ای میل یا فون</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>پاس ورڈ</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Shop profile</source>
        <translation>دکان کی معلومات</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>دکان کا نام</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>پتہ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>NTN</source>
        <translation>NTN</translation>
    </message>
    <message>
        <source>STRN</source>
        <translation>STRN</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>رسید</translation>
    </message>
    <message>
        <source>Header line</source>
        <translation>اوپر کی سطر</translation>
    </message>
    <message>
        <source>Footer line</source>
        <translation>نیچے کی سطر</translation>
    </message>
    <message>
        <source>Prices include tax</source>
        <translation>قیمتوں میں ٹیکس شامل</translation>
    </message>
    <message>
        <source>Tax added to prices</source>
        <translation>ٹیکس قیمتوں کے اوپر</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>مستثنیٰ</translation>
    </message>
    <message>
        <source>No rounding</source>
        <translation>کوئی گول نہیں</translation>
    </message>
    <message>
        <source>Round cash totals to the nearest rupee</source>
        <translation>نقد کل رقم کو قریبی روپے تک گول کریں</translation>
    </message>
    <message>
        <source>Tax and rounding</source>
        <translation>ٹیکس اور گول رقم</translation>
    </message>
    <message>
        <source>Default tax rate %</source>
        <translation>ٹیکس کی عام شرح %</translation>
    </message>
    <message>
        <source>Default tax mode</source>
        <translation>ٹیکس کا عام طریقہ</translation>
    </message>
    <message>
        <source>Round-off</source>
        <translation>گول رقم</translation>
    </message>
    <message>
        <source>Customers added at the counter get this credit limit. 0: any udhaar for them needs the owner&apos;s PIN.</source>
        <translation>کاؤنٹر پر شامل کیے گئے گاہکوں کی یہی ادھار کی حد ہوگی۔ 0: ان کے کسی بھی ادھار کے لیے مالک کا PIN چاہیے۔</translation>
    </message>
    <message>
        <source>Udhaar</source>
        <translation>ادھار</translation>
    </message>
    <message>
        <source>Credit limit for new customers (Rs)</source>
        <translation>نئے گاہکوں کی ادھار کی حد (روپے)</translation>
    </message>
    <message>
        <source>Group thousands (1,234)</source>
        <translation>ہزار کے گروپ (1,234)</translation>
    </message>
    <message>
        <source>Urdu digits (۱۲۳)</source>
        <translation>اردو ہندسے (۱۲۳)</translation>
    </message>
    <message>
        <source>Numbers and language</source>
        <translation>ہندسے اور زبان</translation>
    </message>
    <message>
        <source>Currency symbol</source>
        <translation>کرنسی کا نشان</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Network: LAN or Wi-Fi, port 9100</source>
        <translation>نیٹ ورک: LAN یا Wi-Fi، پورٹ 9100</translation>
    </message>
    <message>
        <source>Serial (COM port)</source>
        <translation>سیریل (COM پورٹ)</translation>
    </message>
    <message>
        <source>Device or file</source>
        <translation>ڈیوائس یا فائل</translation>
    </message>
    <message>
        <source>192.168.1.50, 0416:5011, COM3 …</source>
        <translation>192.168.1.50, 0416:5011, COM3 …</translation>
    </message>
    <message>
        <source>Print every receipt automatically</source>
        <translation>ہر رسید خودبخود پرنٹ کریں</translation>
    </message>
    <message>
        <source>No cash drawer</source>
        <translation>نقد دراز نہیں</translation>
    </message>
    <message>
        <source>Drawer on pin 2</source>
        <translation>دراز پن 2 پر</translation>
    </message>
    <message>
        <source>Drawer on pin 5</source>
        <translation>دراز پن 5 پر</translation>
    </message>
    <message>
        <source>Check for paper before printing</source>
        <translation>پرنٹ سے پہلے کاغذ چیک کریں</translation>
    </message>
    <message>
        <source>Network, USB and serial printers can say they are out of paper.</source>
        <translation>نیٹ ورک، USB اور سیریل پرنٹر بتا سکتے ہیں کہ کاغذ ختم ہو گیا ہے۔</translation>
    </message>
    <message>
        <source>Print Urdu as an image (needed for Urdu receipts)</source>
        <translation>اردو تصویر کی صورت میں پرنٹ کریں (اردو رسید کے لیے ضروری)</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>ٹیسٹ صفحہ پرنٹ کریں</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>رسید پرنٹر</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>کنکشن</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>کاغذ</translation>
    </message>
    <message>
        <source>Serial speed (baud)</source>
        <translation>سیریل رفتار (baud)</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>نقد دراز</translation>
    </message>
    <message>
        <source>Connect this PC…</source>
        <translation>یہ کمپیوٹر جوڑیں…</translation>
    </message>
    <message>
        <source>Cloud connection</source>
        <translation>کلاؤڈ کنکشن</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>سرور کا پتہ</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>ابھی بیک اپ لیں</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>بحال کریں…</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>بیک اپ</translation>
    </message>
    <message>
        <source>Keep the last</source>
        <translation>آخری اتنے رکھیں</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>ترتیبات محفوظ کریں</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>روزانہ</translation>
    </message>
    <message>
        <source>when the app closed</source>
        <translation>ایپ بند ہوتے وقت</translation>
    </message>
    <message>
        <source>before an update</source>
        <translation>اپ ڈیٹ سے پہلے</translation>
    </message>
    <message>
        <source>made by hand</source>
        <translation>خود بنایا گیا</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>ابھی کوئی بیک اپ نہیں۔</translation>
    </message>
    <message>
        <source>Choose a backup in the list first.</source>
        <translation>پہلے فہرست میں سے بیک اپ چنیں۔</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>بیک اپ بحال کریں</translation>
    </message>
    <message>
        <source>Replace this PC&apos;s data with the backup “{name}”?

Everything recorded on this PC after that backup was made will no longer be in the shop&apos;s data here (the current data is kept as a copy next to the ledger).

Dukan POS will close when the restore is done and start again on the restored data.</source>
        <translation>کیا اس کمپیوٹر کا ڈیٹا بیک اپ ”{name}“ سے بدل دیں؟

اس بیک اپ کے بعد اس کمپیوٹر پر جو کچھ درج ہوا وہ یہاں دکان کے ڈیٹا میں نہیں رہے گا (موجودہ ڈیٹا کی ایک کاپی لیجر کے ساتھ محفوظ رہے گی)۔

بحالی مکمل ہونے پر دکان POS بند ہو کر بحال شدہ ڈیٹا کے ساتھ دوبارہ کھلے گا۔</translation>
    </message>
    <message>
        <source>The backup is restored ({sales} sales). Dukan POS will now close and start again on the restored data.</source>
        <translation>بیک اپ بحال ہو گیا ({sales} فروخت)۔ دکان POS اب بند ہو کر بحال شدہ ڈیٹا کے ساتھ دوبارہ کھلے گا۔</translation>
    </message>
    <message>
        <source>Test page sent to the printer at {address}.</source>
        <translation>ٹیسٹ صفحہ {address} والے پرنٹر کو بھیج دیا گیا۔</translation>
    </message>
    <message>
        <source>Printing a test page…</source>
        <translation>ٹیسٹ صفحہ پرنٹ ہو رہا ہے…</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>بحال ہو رہا ہے…</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>بیک اپ بحال ہو گیا</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>ترتیبات محفوظ ہو گئیں۔</translation>
    </message>
    <message>
        <source>Backup saved: {name}</source>
        <translation>بیک اپ محفوظ: {name}</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>بیک اپ ہو رہا ہے…</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Dukan POS — Set up this PC</source>
        <translation>دکان POS — اس کمپیوٹر کی تیاری</translation>
    </message>
    <message>
        <source>Main shop</source>
        <translation>مرکزی دکان</translation>
    </message>
    <message>
        <source>192.168.1.50, 0416:5011, COM3 …</source>
        <translation>192.168.1.50, 0416:5011, COM3 …</translation>
    </message>
    <message>
        <source>Welcome to Dukan POS. Which language?</source>
        <translation>دکان POS میں خوش آمدید۔ کون سی زبان؟</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>آپ کی دکان</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>دکان کا نام</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>پتہ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Your first outlet</source>
        <translation>آپ کی پہلی دکان</translation>
    </message>
    <message>
        <source>Outlet name</source>
        <translation>دکان کا نام</translation>
    </message>
    <message>
        <source>Receipt prefix</source>
        <translation>رسید کا سابقہ</translation>
    </message>
    <message>
        <source>Receipts will be numbered like SHOP-1-1, SHOP-1-2 …</source>
        <translation>رسیدوں کے نمبر SHOP-1-1، SHOP-1-2 … کی طرح ہوں گے</translation>
    </message>
    <message>
        <source>The owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Owner&apos;s name</source>
        <translation>مالک کا نام</translation>
    </message>
    <message>
        <source>Owner PIN (4–8 digits)</source>
        <translation>مالک کا PIN، 4 سے 8 ہندسے</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN دوبارہ</translation>
    </message>
    <message>
        <source>Receipt printer (you can skip this)</source>
        <translation>رسید پرنٹر (یہ مرحلہ چھوڑ سکتے ہیں)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>کنکشن</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>کاغذ</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>پیچھے</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>چھوڑیں</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>آگے</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>مرحلہ {n} از {total}</translation>
    </message>
    <message>
        <source>Start selling</source>
        <translation>فروخت شروع کریں</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Shift</source>
        <translation>شفٹ</translation>
    </message>
    <message>
        <source>Open a shift</source>
        <translation>شفٹ شروع کریں</translation>
    </message>
    <message>
        <source>Cash in the drawer now, e.g. 5000</source>
        <translation>دراز میں موجود نقد، مثلاً 5000</translation>
    </message>
    <message>
        <source>Opening float (Rs)</source>
        <translation>ابتدائی نقد (روپے)</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>شفٹ شروع کریں</translation>
    </message>
    <message>
        <source>{name}&apos;s shift is still open on this PC (since {time}). Only {name} or the owner can close it. Until then your sales are saved outside any shift.</source>
        <translation>اس پی سی پر {name} کی شفٹ ابھی کھلی ہے ({time} سے)۔ اسے صرف {name} یا مالک بند کر سکتے ہیں۔ تب تک آپ کی فروخت کسی شفٹ کے بغیر محفوظ ہوتی ہے۔</translation>
    </message>
    <message>
        <source>Opening float: {float}
Sales: {count} for {total}
Cash in: {cash_in}   Cash out: {cash_out}</source>
        <translation>ابتدائی نقد: {float}
فروخت: {count}، کل {total}
نقد اندر: {cash_in}   نقد باہر: {cash_out}</translation>
    </message>
    <message>
        <source>Cash in / out</source>
        <translation>نقد اندر / باہر</translation>
    </message>
    <message>
        <source>Cash out (expense, bank deposit)</source>
        <translation>نقد باہر (خرچ، بینک جمع)</translation>
    </message>
    <message>
        <source>Cash in (change added)</source>
        <translation>نقد اندر (کھلے پیسے ڈالے)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>قسم</translation>
    </message>
    <message>
        <source>Amount (Rs)</source>
        <translation>رقم (روپے)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>وجہ</translation>
    </message>
    <message>
        <source>Record cash movement</source>
        <translation>نقد کی آمد و رفت درج کریں</translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation>شفٹ بند کریں</translation>
    </message>
    <message>
        <source>Count the cash in the drawer</source>
        <translation>دراز میں نقد گنیں</translation>
    </message>
    <message>
        <source>Counted cash (Rs)</source>
        <translation>گنا ہوا نقد (روپے)</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>شفٹ بند کریں</translation>
    </message>
    <message>
        <source>Expected {expected} · Counted {counted} · Difference {diff}</source>
        <translation>متوقع {expected} · گنا ہوا {counted} · فرق {diff}</translation>
    </message>
    <message>
        <source>Shift closed. Expected {expected} · Counted {counted} · Difference {diff}</source>
        <translation>شفٹ بند۔ متوقع {expected} · گنا ہوا {counted} · فرق {diff}</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff</source>
        <translation>عملہ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>عہدہ</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>کیشیئر</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>دکان</translation>
    </message>
    <message>
        <source>all</source>
        <translation>سب</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <source>no</source>
        <translation>نہیں</translation>
    </message>
    <message>
        <source>Add cashier…</source>
        <translation>کیشیئر شامل کریں…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>ترمیم…</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>نیا PIN…</translation>
    </message>
    <message>
        <source>Activate / deactivate</source>
        <translation>فعال / غیر فعال</translation>
    </message>
    <message>
        <source>Outlets</source>
        <translation>دکانیں</translation>
    </message>
    <message>
        <source>Receipt prefix</source>
        <translation>رسید کا سابقہ</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>پتہ</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>کھلی</translation>
    </message>
    <message>
        <source>Add outlet…</source>
        <translation>دکان شامل کریں…</translation>
    </message>
    <message>
        <source>Edit outlet…</source>
        <translation>دکان میں ترمیم…</translation>
    </message>
    <message>
        <source>Choose a person first.</source>
        <translation>پہلے کارکن منتخب کریں۔</translation>
    </message>
    <message>
        <source>Choose an outlet first.</source>
        <translation>پہلے دکان منتخب کریں۔</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Credit statement for {name}</source>
        <translation>{name} کا ادھار گوشوارہ</translation>
    </message>
    <message>
        <source>From</source>
        <translation>سے</translation>
    </message>
    <message>
        <source>To</source>
        <translation>تک</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>PDF محفوظ کریں…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <source>Save statement</source>
        <translation>گوشوارہ محفوظ کریں</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF فائلیں (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>{path} محفوظ ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Receive stock</source>
        <translation>مال وصول کریں</translation>
    </message>
    <message>
        <source>Adjust stock</source>
        <translation>اسٹاک درست کریں</translation>
    </message>
    <message>
        <source>Transfer stock</source>
        <translation>اسٹاک منتقل کریں</translation>
    </message>
    <message>
        <source>Quantity ({unit})</source>
        <translation>مقدار ({unit})</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(کوئی نہیں)</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>سپلائر</translation>
    </message>
    <message>
        <source>Unit cost (Rs, optional)</source>
        <translation>فی اکائی لاگت (روپے، اختیاری)</translation>
    </message>
    <message>
        <source>Bill / reference</source>
        <translation>بل / حوالہ</translation>
    </message>
    <message>
        <source>Remove (damaged, lost, recount lower)</source>
        <translation>کم کریں (خراب، گم، گنتی کم)</translation>
    </message>
    <message>
        <source>Add (found, recount higher)</source>
        <translation>بڑھائیں (مل گیا، گنتی زیادہ)</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>تبدیلی</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>وجہ</translation>
    </message>
    <message>
        <source>To outlet</source>
        <translation>کس دکان کو</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>نوٹ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Filter products</source>
        <translation>اشیاء تلاش کریں</translation>
    </message>
    <message>
        <source>Low stock only</source>
        <translation>صرف کم اسٹاک</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>دکان</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>چیز</translation>
    </message>
    <message>
        <source>Urdu name</source>
        <translation>اردو نام</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>اسٹاک میں</translation>
    </message>
    <message>
        <source>Reorder at</source>
        <translation>دوبارہ منگوائیں</translation>
    </message>
    <message>
        <source>Cost value</source>
        <translation>لاگت مالیت</translation>
    </message>
    <message>
        <source>Receive…</source>
        <translation>وصول کریں…</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>درستی کریں…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>منتقل کریں…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>لوڈ ہو رہا ہے…</translation>
    </message>
    <message>
        <source>{shown} of {count} products, {negative} below zero</source>
        <translation>{count} میں سے {shown} اشیاء، {negative} صفر سے کم</translation>
    </message>
    <message>
        <source>Choose a product first.</source>
        <translation>پہلے چیز منتخب کریں۔</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>محفوظ ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>SuppliersPage</name>
    <message>
        <source>Filter suppliers</source>
        <translation>سپلائر تلاش کریں</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>رابطہ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>مدت</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} دن</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <source>no</source>
        <translation>نہیں</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>سپلائر</translation>
    </message>
    <message>
        <source> days</source>
        <translation> دن</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>رابطہ کار</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>پتہ</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>ادائیگی کی مدت</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>نوٹس</translation>
    </message>
    <message>
        <source>New supplier</source>
        <translation>نیا سپلائر</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Products of this supplier</source>
        <translation>اس سپلائر کی اشیاء</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>چیز</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>لاگت</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} محفوظ ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <source>Sync</source>
        <translation>سنک</translation>
    </message>
    <message>
        <source>What</source>
        <translation>کیا</translation>
    </message>
    <message>
        <source>Receipt / name</source>
        <translation>رسید / نام</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>وجہ</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>کوششیں</translation>
    </message>
    <message>
        <source>Made at</source>
        <translation>کب بنا</translation>
    </message>
    <message>
        <source>Tried again by itself</source>
        <translation>خود دوبارہ کوشش</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>منتخب دوبارہ بھیجیں</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>سب دوبارہ بھیجیں</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>ابھی سنک کریں</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <source>These records did not go through. Billing is not affected: they are kept on this PC. Retry sends them again.</source>
        <translation>یہ ریکارڈ سرور تک نہیں پہنچے۔ بلنگ پر کوئی اثر نہیں: یہ اسی کمپیوٹر پر محفوظ ہیں۔ دوبارہ بھیجنے سے یہ پھر بھیجے جائیں گے۔</translation>
    </message>
    <message>
        <source>Every record went through or is waiting to be sent.</source>
        <translation>ہر ریکارڈ پہنچ گیا ہے یا بھیجے جانے کا منتظر ہے۔</translation>
    </message>
    <message>
        <source>Select the records to send again.</source>
        <translation>دوبارہ بھیجنے کے لیے ریکارڈ منتخب کریں۔</translation>
    </message>
    <message>
        <source>{n} records will be sent again now.</source>
        <translation>{n} ریکارڈ ابھی دوبارہ بھیجے جائیں گے۔</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>سنک ہو رہا ہے…</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>outlets</source>
        <translation>برانچیں</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>عملہ</translation>
    </message>
    <message>
        <source>suppliers</source>
        <translation>سپلائرز</translation>
    </message>
    <message>
        <source>catalogue</source>
        <translation>اشیاء کی فہرست</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>گاہک</translation>
    </message>
    <message>
        <source>udhaar</source>
        <translation>ادھار</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>اسٹاک</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>پلان</translation>
    </message>
    <message>
        <source>This PC was disconnected by the owner — sales are kept here</source>
        <translation>مالک نے یہ کمپیوٹر الگ کر دیا ہے — بکری یہیں محفوظ ہے</translation>
    </message>
    <message>
        <source>The server did not accept this PC — sales are kept here</source>
        <translation>سرور نے یہ کمپیوٹر قبول نہیں کیا — بکری یہیں محفوظ ہے</translation>
    </message>
    <message>
        <source>The plan has expired — sales are kept and sync when renewed</source>
        <translation>پلان ختم ہو گیا ہے — بکری محفوظ ہے، تجدید پر سنک ہو گی</translation>
    </message>
    <message>
        <source>This app is too old for the server — update it; sales are kept here</source>
        <translation>یہ ایپ سرور کے لیے پرانی ہے — اسے اپ ڈیٹ کریں؛ بکری یہیں محفوظ ہے</translation>
    </message>
    <message>
        <source>This PC&apos;s sync key is missing — connect this PC again</source>
        <translation>اس کمپیوٹر کی سنک کلید موجود نہیں — اس کمپیوٹر کو دوبارہ جوڑیں</translation>
    </message>
    <message>
        <source>Sync hit a problem and will retry — sales are kept here</source>
        <translation>سنک میں مسئلہ آیا، دوبارہ کوشش ہو گی — بکری یہیں محفوظ ہے</translation>
    </message>
    <message>
        <source>never</source>
        <translation>کبھی نہیں</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>ابھی ابھی</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n} منٹ پہلے</translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation>{n} گھنٹے پہلے</translation>
    </message>
    <message>
        <source>Uploading {done} of {total}…</source>
        <translation>اپ لوڈ ہو رہا ہے: {total} میں سے {done}…</translation>
    </message>
    <message>
        <source>Downloading {what} {done} of {total}…</source>
        <translation>{what} ڈاؤن لوڈ ہو رہی ہے: {total} میں سے {done}…</translation>
    </message>
    <message>
        <source>Downloading {what}: {done} so far…</source>
        <translation>{what} ڈاؤن لوڈ ہو رہی ہے: اب تک {done}…</translation>
    </message>
    <message>
        <source>Server busy, retrying — {n} waiting to sync</source>
        <translation>سرور مصروف ہے، دوبارہ کوشش جاری — {n} سنک کے منتظر</translation>
    </message>
    <message>
        <source>Server busy, retrying</source>
        <translation>سرور مصروف ہے، دوبارہ کوشش جاری</translation>
    </message>
    <message>
        <source>Offline — {n} waiting to sync</source>
        <translation>آف لائن — {n} سنک کے منتظر</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>آف لائن</translation>
    </message>
    <message>
        <source>Online — {n} waiting to sync</source>
        <translation>آن لائن — {n} سنک کے منتظر</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>آن لائن</translation>
    </message>
    <message>
        <source>All synced {ago}</source>
        <translation>سب سنک ہو گیا {ago}</translation>
    </message>
    <message>
        <source>This PC only (not connected)</source>
        <translation>صرف یہ کمپیوٹر (سرور سے نہیں جڑا)</translation>
    </message>
    <message>
        <source>{n} failed</source>
        <translation>{n} ناکام</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is {n} min off</source>
        <translation>اس کمپیوٹر کی گھڑی {n} منٹ آگے پیچھے ہے</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <source>Payment</source>
        <translation>ادائیگی</translation>
    </message>
    <message>
        <source>Total: {amount}</source>
        <translation>کل: {amount}</translation>
    </message>
    <message>
        <source>Amount received — Enter for exact</source>
        <translation>وصول شدہ رقم — پوری رقم کے لیے Enter</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>ٹرانزیکشن حوالہ</translation>
    </message>
    <message>
        <source>F8  Exact cash</source>
        <translation>F8  پوری رقم نقد</translation>
    </message>
    <message>
        <source>F12  Rest on credit (udhaar)</source>
        <translation>F12  باقی ادھار پر</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>طریقہ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>رقم</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>حوالہ</translation>
    </message>
    <message>
        <source>Ctrl+Del  Clear payments</source>
        <translation>Ctrl+Del  ادائیگیاں صاف کریں</translation>
    </message>
    <message>
        <source>Still due: {amount}</source>
        <translation>ابھی باقی: {amount}</translation>
    </message>
    <message>
        <source>Change: {amount}</source>
        <translation>بقایا واپسی: {amount}</translation>
    </message>
    <message>
        <source>Enter the transaction reference.</source>
        <translation>ٹرانزیکشن کا حوالہ لکھیں۔</translation>
    </message>
    <message>
        <source>{method} can pay at most the {due} still due; change is given from cash only.</source>
        <translation>{method} سے زیادہ سے زیادہ باقی {due} ادا ہو سکتے ہیں؛ بقایا صرف نقد میں دیا جاتا ہے۔</translation>
    </message>
    <message>
        <source>Not approved. The sale was not saved.</source>
        <translation>منظوری نہیں ملی۔ فروخت محفوظ نہیں ہوئی۔</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>Items</source>
        <translation>آئٹمز</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>ذیلی کل</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>رعایت</translation>
    </message>
    <message>
        <source>Tax (GST)</source>
        <translation>ٹیکس (GST)</translation>
    </message>
    <message>
        <source>Round-off</source>
        <translation>گول رقم</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>کل</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>ابھی کوئی آئٹم نہیں۔</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>pc</source>
        <translation>عدد</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>کلو</translation>
    </message>
    <message>
        <source>l</source>
        <translation>لیٹر</translation>
    </message>
    <message>
        <source>m</source>
        <translation>میٹر</translation>
    </message>
    <message>
        <source>dozen</source>
        <translation>درجن</translation>
    </message>
    <message>
        <source>pack</source>
        <translation>پیکٹ</translation>
    </message>
</context>
<context>
    <name>ValuePrompt</name>
    <message>
        <source>OK</source>
        <translation>ٹھیک ہے</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ</translation>
    </message>
</context>
<context>
    <name>WorkerDialog</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>دکان</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>PIN، 4 سے 8 ہندسے</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN دوبارہ</translation>
    </message>
    <message>
        <source>Add a cashier</source>
        <translation>کیشیئر شامل کریں</translation>
    </message>
    <message>
        <source>Edit cashier</source>
        <translation>کیشیئر میں ترمیم</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong.</source>
        <translation>کچھ غلط ہو گیا۔</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>آپ کو اس کی اجازت نہیں۔</translation>
    </message>
    <message>
        <source>This needs an owner&apos;s approval.</source>
        <translation>اس کے لیے مالک کی منظوری چاہیے۔</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>غلط PIN۔</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {minutes} minutes.</source>
        <translation>بہت زیادہ غلط PIN۔ {minutes} منٹ بعد دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <source>The sale could not be saved: {reason}. Nothing was recorded.</source>
        <translation>فروخت محفوظ نہیں ہو سکی: {reason}۔ کچھ درج نہیں ہوا۔</translation>
    </message>
    <message>
        <source>Enter an amount like 150 or 150.50.</source>
        <translation>رقم اس طرح لکھیں: 150 یا 150.50۔</translation>
    </message>
    <message>
        <source>“{text}” is not an amount. Enter an amount like 150 or 150.50.</source>
        <translation>”{text}“ رقم نہیں ہے۔ رقم اس طرح لکھیں: 150 یا 150.50۔</translation>
    </message>
    <message>
        <source>Amounts must be whole paisa.</source>
        <translation>رقم پورے پیسوں میں ہونی چاہیے۔</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>رقم منفی نہیں ہو سکتی۔</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>رقم صفر سے زیادہ ہونی چاہیے۔</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>رقم بہت زیادہ ہے۔</translation>
    </message>
    <message>
        <source>You can only work at your own outlet.</source>
        <translation>آپ صرف اپنی برانچ پر کام کر سکتے ہیں۔</translation>
    </message>
    <message>
        <source>Only the owner can do this.</source>
        <translation>یہ صرف مالک کر سکتا ہے۔</translation>
    </message>
    <message>
        <source>The tax rate must be between 0% and 100%.</source>
        <translation>ٹیکس کی شرح 0% سے 100% کے درمیان ہونی چاہیے۔</translation>
    </message>
    <message>
        <source>A discount cannot be negative.</source>
        <translation>رعایت منفی نہیں ہو سکتی۔</translation>
    </message>
    <message>
        <source>The discount is more than the line&apos;s price.</source>
        <translation>رعایت آئٹم کی قیمت سے زیادہ ہے۔</translation>
    </message>
    <message>
        <source>The bill has no items.</source>
        <translation>بل میں کوئی آئٹم نہیں۔</translation>
    </message>
    <message>
        <source>The discount is more than the bill.</source>
        <translation>رعایت بل سے زیادہ ہے۔</translation>
    </message>
    <message>
        <source>Enter a quantity like 2 or 0.5.</source>
        <translation>تعداد اس طرح لکھیں: 2 یا 0.5۔</translation>
    </message>
    <message>
        <source>“{text}” is not a quantity. Enter a quantity like 2 or 0.5.</source>
        <translation>”{text}“ تعداد نہیں ہے۔ تعداد اس طرح لکھیں: 2 یا 0.5۔</translation>
    </message>
    <message>
        <source>The quantity must be more than zero.</source>
        <translation>تعداد صفر سے زیادہ ہونی چاہیے۔</translation>
    </message>
    <message>
        <source>The quantity is too large.</source>
        <translation>تعداد بہت زیادہ ہے۔</translation>
    </message>
    <message>
        <source>This item is sold in whole units, not fractions.</source>
        <translation>یہ آئٹم پورے عدد میں بکتا ہے، کسر میں نہیں۔</translation>
    </message>
    <message>
        <source>This ledger was written by a newer version of Dukan POS ({revision}). Install the newer version; nothing was changed.</source>
        <translation>یہ کھاتہ دکان POS کے نئے ورژن ({revision}) سے لکھا گیا ہے۔ نیا ورژن انسٹال کریں؛ کچھ تبدیل نہیں ہوا۔</translation>
    </message>
    <message>
        <source>This PC is a counter: products, prices, staff, outlets, stock and udhaar write-offs are changed on the owner&apos;s PC. To do it here, connect this PC again as the owner&apos;s PC (Settings, Cloud connection).</source>
        <translation>یہ کمپیوٹر کاؤنٹر ہے: اشیاء، قیمتیں، عملہ، برانچیں، اسٹاک اور ادھار کی معافی مالک کے کمپیوٹر پر بدلے جاتے ہیں۔ یہ کام یہاں کرنے کے لیے اس کمپیوٹر کو مالک کے کمپیوٹر کے طور پر دوبارہ جوڑیں (ترتیبات، کلاؤڈ کنکشن)۔</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>ڈسک بھر گئی ہے</translation>
    </message>
    <message>
        <source>the data folder is read-only</source>
        <translation>ڈیٹا فولڈر صرف پڑھنے کے لیے ہے</translation>
    </message>
    <message>
        <source>the ledger is busy in another program</source>
        <translation>کھاتہ کسی اور پروگرام میں مصروف ہے</translation>
    </message>
    <message>
        <source>The printer could not print: {reason_text}. Press Retry to try again.</source>
        <translation>پرنٹر پرنٹ نہیں کر سکا: {reason_text}۔ دوبارہ کوشش کے لیے Retry دبائیں۔</translation>
    </message>
    <message>
        <source>The printer at {address} is not answering. Check that it is switched on and connected, then press Retry. The sale is saved.</source>
        <translation>{address} والا پرنٹر جواب نہیں دے رہا۔ دیکھیں کہ وہ آن اور جڑا ہوا ہے، پھر Retry دبائیں۔ فروخت محفوظ ہے۔</translation>
    </message>
    <message>
        <source>The printer at {address} did not respond in time. Check its cable or network, then press Retry. The sale is saved.</source>
        <translation>{address} والے پرنٹر نے وقت پر جواب نہیں دیا۔ کیبل یا نیٹ ورک دیکھیں، پھر Retry دبائیں۔ فروخت محفوظ ہے۔</translation>
    </message>
    <message>
        <source>The connection to the printer was lost while printing. Check it and press Retry. The sale is saved.</source>
        <translation>پرنٹ کرتے ہوئے پرنٹر سے رابطہ ٹوٹ گیا۔ اسے دیکھیں اور Retry دبائیں۔ فروخت محفوظ ہے۔</translation>
    </message>
    <message>
        <source>Printer is out of paper — the sale is saved; load paper and press Retry.</source>
        <translation>پرنٹر میں کاغذ ختم ہو گیا ہے — فروخت محفوظ ہے؛ کاغذ ڈالیں اور Retry دبائیں۔</translation>
    </message>
    <message>
        <source>No receipt printer is set up. Choose one in Settings → Printer.</source>
        <translation>کوئی رسید پرنٹر سیٹ نہیں۔ سیٹنگز ← پرنٹر میں چنیں۔</translation>
    </message>
    <message>
        <source>This computer cannot use {kind} printers: {reason}.</source>
        <translation>یہ کمپیوٹر {kind} پرنٹر استعمال نہیں کر سکتا: {reason}۔</translation>
    </message>
    <message>
        <source>“{address}” is not a USB printer id like 0416:5011.</source>
        <translation>”{address}“ USB پرنٹر کی شناخت نہیں (جیسے 0416:5011)۔</translation>
    </message>
    <message>
        <source>The backup could not be made: {reason}</source>
        <translation>بیک اپ نہیں بن سکا: {reason}</translation>
    </message>
    <message>
        <source>The backup could not be restored: {reason}. The shop&apos;s data was not changed.</source>
        <translation>بیک اپ بحال نہیں ہو سکا: {reason}۔ دکان کا ڈیٹا تبدیل نہیں ہوا۔</translation>
    </message>
    <message>
        <source>{path} is not a file.</source>
        <translation>{path} فائل نہیں ہے۔</translation>
    </message>
    <message>
        <source>{path} is damaged.</source>
        <translation>{path} خراب ہے۔</translation>
    </message>
    <message>
        <source>{path} is not a Dukan POS ledger.</source>
        <translation>{path} دکان POS کا کھاتہ نہیں ہے۔</translation>
    </message>
    <message>
        <source>the copy failed its integrity check (the ledger may be damaged: run “dukan check”)</source>
        <translation>کاپی جانچ میں ناکام رہی (کھاتہ خراب ہو سکتا ہے: ”dukan check“ چلائیں)</translation>
    </message>
    <message>
        <source>No product has the barcode {code}.</source>
        <translation>بارکوڈ {code} کسی پروڈکٹ کا نہیں۔</translation>
    </message>
    <message>
        <source>No such product.</source>
        <translation>ایسی کوئی پروڈکٹ نہیں۔</translation>
    </message>
    <message>
        <source>Scan or type a barcode.</source>
        <translation>بارکوڈ اسکین کریں یا لکھیں۔</translation>
    </message>
    <message>
        <source>{name} is no longer sold.</source>
        <translation>{name} اب فروخت نہیں ہوتا۔</translation>
    </message>
    <message>
        <source>Enter the product&apos;s English name.</source>
        <translation>پروڈکٹ کا انگریزی نام لکھیں۔</translation>
    </message>
    <message>
        <source>Prices and levels must be whole, non-negative amounts.</source>
        <translation>قیمتیں اور سطحیں پوری اور غیر منفی ہونی چاہئیں۔</translation>
    </message>
    <message>
        <source>Unknown unit or tax mode.</source>
        <translation>نامعلوم یونٹ یا ٹیکس طریقہ۔</translation>
    </message>
    <message>
        <source>Another product already has SKU {sku}.</source>
        <translation>SKU {sku} پہلے ہی کسی اور پروڈکٹ کا ہے۔</translation>
    </message>
    <message>
        <source>No such supplier.</source>
        <translation>ایسا کوئی سپلائر نہیں۔</translation>
    </message>
    <message>
        <source>“{code}” is not a valid barcode.</source>
        <translation>”{code}“ درست بارکوڈ نہیں ہے۔</translation>
    </message>
    <message>
        <source>Barcode {code} already belongs to another product.</source>
        <translation>بارکوڈ {code} پہلے ہی کسی اور پروڈکٹ کا ہے۔</translation>
    </message>
    <message>
        <source>Enter the supplier&apos;s name.</source>
        <translation>سپلائر کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>Payment terms are a number of days.</source>
        <translation>ادائیگی کی مدت دنوں میں لکھیں۔</translation>
    </message>
    <message>
        <source>No such customer.</source>
        <translation>ایسا کوئی گاہک نہیں۔</translation>
    </message>
    <message>
        <source>That sale has nothing owed on it.</source>
        <translation>اس فروخت پر کچھ واجب نہیں۔</translation>
    </message>
    <message>
        <source>The allocation is more than what is owed on that sale.</source>
        <translation>جمع کی گئی رقم اس فروخت پر واجب رقم سے زیادہ ہے۔</translation>
    </message>
    <message>
        <source>The allocations add up to more than the payment.</source>
        <translation>تقسیم شدہ رقم ادائیگی سے زیادہ ہے۔</translation>
    </message>
    <message>
        <source>Choose how the customer paid.</source>
        <translation>چنیں کہ گاہک نے کیسے ادائیگی کی۔</translation>
    </message>
    <message>
        <source>Enter the transaction reference.</source>
        <translation>ٹرانزیکشن کا حوالہ لکھیں۔</translation>
    </message>
    <message>
        <source>The payment is more than what the customer owes ({balance}).</source>
        <translation>ادائیگی گاہک کے ذمے رقم ({balance}) سے زیادہ ہے۔</translation>
    </message>
    <message>
        <source>Give a reason; it is kept with the entry.</source>
        <translation>وجہ لکھیں؛ یہ اندراج کے ساتھ محفوظ رہے گی۔</translation>
    </message>
    <message>
        <source>The customer owes nothing.</source>
        <translation>گاہک کے ذمے کچھ نہیں۔</translation>
    </message>
    <message>
        <source>You cannot write off more than the customer owes ({balance}).</source>
        <translation>گاہک کے ذمے رقم ({balance}) سے زیادہ معاف نہیں کیا جا سکتا۔</translation>
    </message>
    <message>
        <source>A downward adjustment cannot take the balance below zero.</source>
        <translation>کمی کی درستگی بقایا کو صفر سے نیچے نہیں لے جا سکتی۔</translation>
    </message>
    <message>
        <source>“{phone}” is not a phone number.</source>
        <translation>”{phone}“ فون نمبر نہیں ہے۔</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>گاہک کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>The credit limit must be an amount of zero or more.</source>
        <translation>ادھار کی حد صفر یا اس سے زیادہ رقم ہونی چاہیے۔</translation>
    </message>
    <message>
        <source>That held bill is gone (recalled already?).</source>
        <translation>وہ روکا ہوا بل موجود نہیں (شاید پہلے ہی واپس لایا جا چکا؟)۔</translation>
    </message>
    <message>
        <source>No such sale.</source>
        <translation>ایسی کوئی فروخت نہیں۔</translation>
    </message>
    <message>
        <source>Choose how to refund.</source>
        <translation>چنیں کہ رقم کیسے واپس کرنی ہے۔</translation>
    </message>
    <message>
        <source>This sale had no customer, so nothing can go back to udhaar.</source>
        <translation>اس فروخت پر کوئی گاہک نہیں تھا، اس لیے ادھار میں کچھ واپس نہیں جا سکتا۔</translation>
    </message>
    <message>
        <source>Everything on this receipt was already returned.</source>
        <translation>اس رسید کا سارا سامان پہلے ہی واپس ہو چکا ہے۔</translation>
    </message>
    <message>
        <source>Type how many of an item come back.</source>
        <translation>لکھیں کہ کسی آئٹم کی کتنی تعداد واپس آ رہی ہے۔</translation>
    </message>
    <message>
        <source>That item is not on this receipt.</source>
        <translation>یہ آئٹم اس رسید پر نہیں ہے۔</translation>
    </message>
    <message>
        <source>You cannot return more {name} than was sold.</source>
        <translation>{name} جتنا بیچا گیا اس سے زیادہ واپس نہیں ہو سکتا۔</translation>
    </message>
    <message>
        <source>Give a reason for the void.</source>
        <translation>منسوخی کی وجہ لکھیں۔</translation>
    </message>
    <message>
        <source>The bill is not made up right; start it again.</source>
        <translation>بل درست نہیں بنا؛ دوبارہ شروع کریں۔</translation>
    </message>
    <message>
        <source>A product on the bill no longer exists.</source>
        <translation>بل پر موجود ایک پروڈکٹ اب موجود نہیں۔</translation>
    </message>
    <message>
        <source>Unknown payment method.</source>
        <translation>نامعلوم ادائیگی کا طریقہ۔</translation>
    </message>
    <message>
        <source>Enter the transaction reference for the {method} payment.</source>
        <translation>{method} ادائیگی کا ٹرانزیکشن حوالہ لکھیں۔</translation>
    </message>
    <message>
        <source>Choose the customer before putting anything on credit.</source>
        <translation>ادھار پر ڈالنے سے پہلے گاہک چنیں۔</translation>
    </message>
    <message>
        <source>Card, wallet and credit amounts are more than the bill; change is given in cash only.</source>
        <translation>کارڈ، والیٹ اور ادھار کی رقم بل سے زیادہ ہے؛ بقایا صرف نقد میں دیا جاتا ہے۔</translation>
    </message>
    <message>
        <source>{due} is still due.</source>
        <translation>ابھی {due} باقی ہے۔</translation>
    </message>
    <message>
        <source>The bill is already paid; no cash is needed.</source>
        <translation>بل ادا ہو چکا ہے؛ نقد کی ضرورت نہیں۔</translation>
    </message>
    <message>
        <source>No sale with receipt number {receipt}.</source>
        <translation>رسید نمبر {receipt} کی کوئی فروخت نہیں۔</translation>
    </message>
    <message>
        <source>A shift is already open on this PC. Close it first.</source>
        <translation>اس کمپیوٹر پر ایک شفٹ پہلے سے کھلی ہے۔ پہلے اسے بند کریں۔</translation>
    </message>
    <message>
        <source>No such shift.</source>
        <translation>ایسی کوئی شفٹ نہیں۔</translation>
    </message>
    <message>
        <source>This is another cashier&apos;s shift.</source>
        <translation>یہ کسی اور کیشیئر کی شفٹ ہے۔</translation>
    </message>
    <message>
        <source>That shift is not open on this PC.</source>
        <translation>یہ شفٹ اس کمپیوٹر پر کھلی نہیں ہے۔</translation>
    </message>
    <message>
        <source>This shift is closed.</source>
        <translation>یہ شفٹ بند ہے۔</translation>
    </message>
    <message>
        <source>Cash goes in or out.</source>
        <translation>نقد یا تو اندر جاتا ہے یا باہر۔</translation>
    </message>
    <message>
        <source>Give a reason for the cash movement.</source>
        <translation>نقد کی آمد و رفت کی وجہ لکھیں۔</translation>
    </message>
    <message>
        <source>This shift is already closed.</source>
        <translation>یہ شفٹ پہلے ہی بند ہو چکی ہے۔</translation>
    </message>
    <message>
        <source>This PC has not been set up yet.</source>
        <translation>یہ کمپیوٹر ابھی تیار نہیں کیا گیا۔</translation>
    </message>
    <message>
        <source>The receipt prefix must be 1–12 letters or digits, like GUL or SHOP1.</source>
        <translation>رسید کا سابقہ 1 سے 12 حروف یا ہندسے ہو، جیسے GUL یا SHOP1۔</translation>
    </message>
    <message>
        <source>This PC is already set up.</source>
        <translation>یہ کمپیوٹر پہلے سے تیار ہے۔</translation>
    </message>
    <message>
        <source>Enter the shop&apos;s name.</source>
        <translation>دکان کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>Enter the owner&apos;s name.</source>
        <translation>مالک کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>Enter the outlet&apos;s name.</source>
        <translation>برانچ کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>Another outlet already uses the prefix {code}.</source>
        <translation>سابقہ {code} پہلے ہی کسی اور برانچ کا ہے۔</translation>
    </message>
    <message>
        <source>No such outlet.</source>
        <translation>ایسی کوئی برانچ نہیں۔</translation>
    </message>
    <message>
        <source>Add at least one item.</source>
        <translation>کم از کم ایک آئٹم شامل کریں۔</translation>
    </message>
    <message>
        <source>Give a reason for the adjustment.</source>
        <translation>درستگی کی وجہ لکھیں۔</translation>
    </message>
    <message>
        <source>Choose two different outlets.</source>
        <translation>دو مختلف برانچیں چنیں۔</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>PIN میں 4 سے 8 ہندسے ہوتے ہیں۔</translation>
    </message>
    <message>
        <source>Enter the worker&apos;s name.</source>
        <translation>کارکن کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>A worker is an owner or a cashier.</source>
        <translation>کارکن یا تو مالک ہوتا ہے یا کیشیئر۔</translation>
    </message>
    <message>
        <source>Choose the outlet this cashier works at.</source>
        <translation>وہ برانچ چنیں جہاں یہ کیشیئر کام کرتا ہے۔</translation>
    </message>
    <message>
        <source>No such worker.</source>
        <translation>ایسا کوئی کارکن نہیں۔</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself.</source>
        <translation>آپ خود کو غیر فعال نہیں کر سکتے۔</translation>
    </message>
    <message>
        <source>This cannot be approved at the counter.</source>
        <translation>اس کی منظوری کاؤنٹر پر نہیں دی جا سکتی۔</translation>
    </message>
    <message>
        <source>Say what the approval is for.</source>
        <translation>بتائیں کہ منظوری کس چیز کے لیے ہے۔</translation>
    </message>
    <message>
        <source>No such owner.</source>
        <translation>ایسا کوئی مالک نہیں۔</translation>
    </message>
    <message>
        <source>Choose which owner is approving.</source>
        <translation>چنیں کہ کون سا مالک منظوری دے رہا ہے۔</translation>
    </message>
    <message>
        <source>Wrong owner PIN.</source>
        <translation>مالک کا PIN غلط ہے۔</translation>
    </message>
    <message>
        <source>The two PINs are different.</source>
        <translation>دونوں PIN مختلف ہیں۔</translation>
    </message>
    <message>
        <source>The limit is a percentage from 0 to 100.</source>
        <translation>حد 0 سے 100 تک فیصد میں ہو۔</translation>
    </message>
    <message>
        <source>Dukan POS is already open for this shop&apos;s data ({data_dir}). Use the window that is open, or close it first.</source>
        <translation>اس دکان کے ڈیٹا ({data_dir}) کے لیے دکان POS پہلے سے کھلا ہے۔ کھلی ہوئی ونڈو استعمال کریں، یا پہلے اسے بند کریں۔</translation>
    </message>
    <message>
        <source>Dukan POS cannot write to its data folder {data_dir}: {reason}. Nothing was changed. Free some disk space or fix the folder&apos;s permissions, then start again.</source>
        <translation>دکان POS اپنے ڈیٹا فولڈر {data_dir} میں نہیں لکھ سکتا: {reason}۔ کچھ تبدیل نہیں ہوا۔ ڈسک میں جگہ خالی کریں یا فولڈر کی اجازتیں درست کریں، پھر دوبارہ شروع کریں۔</translation>
    </message>
    <message>
        <source>The import was cancelled. Nothing was changed.</source>
        <translation>درآمد منسوخ ہو گئی۔ کچھ تبدیل نہیں ہوا۔</translation>
    </message>
    <message>
        <source>“{text}” is not a tax rate like 18 or 17.5.</source>
        <translation>”{text}“ ٹیکس کی شرح نہیں۔ 18 یا 17.5 جیسی شرح لکھیں۔</translation>
    </message>
    <message>
        <source>“{text}” should be yes or no.</source>
        <translation>”{text}“ کی جگہ yes یا no ہونا چاہیے۔</translation>
    </message>
    <message>
        <source>Enter a price.</source>
        <translation>قیمت لکھیں۔</translation>
    </message>
    <message>
        <source>No supplier is called “{name}”.</source>
        <translation>”{name}“ نام کا کوئی سپلائر نہیں۔</translation>
    </message>
    <message>
        <source>This file has no name_en column. Export the products once to see the format.</source>
        <translation>اس فائل میں name_en کالم نہیں۔ طریقہ دیکھنے کے لیے ایک بار اشیاء برآمد کریں۔</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>برآمد منسوخ ہو گئی۔</translation>
    </message>
    <message>
        <source>Could not connect this PC: {reason}</source>
        <translation>یہ کمپیوٹر جوڑا نہیں جا سکا: {reason}</translation>
    </message>
    <message>
        <source>Choose what this PC is.</source>
        <translation>بتائیں کہ یہ پی سی کیا ہے۔</translation>
    </message>
    <message>
        <source>Pick an outlet.</source>
        <translation>برانچ چنیں۔</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring), so the sync credential cannot be kept safely. Billing carries on locally and nothing is lost. To connect, install or unlock one (Windows and macOS have one built in; on Linux install GNOME Keyring or KWallet), then connect this PC again. {detail}</source>
        <translation>اس کمپیوٹر میں محفوظ پاس ورڈ اسٹور (keyring) نہیں، اس لیے سنک کی اسناد محفوظ نہیں رکھی جا سکتیں۔ بلنگ مقامی طور پر جاری ہے اور کچھ ضائع نہیں ہوتا۔ جوڑنے کے لیے ایک اسٹور انسٹال یا ان لاک کریں (Windows اور macOS میں پہلے سے موجود ہے؛ Linux پر GNOME Keyring یا KWallet انسٹال کریں)، پھر یہ کمپیوٹر دوبارہ جوڑیں۔ {detail}</translation>
    </message>
    <message>
        <source>Add another outlet first.</source>
        <translation>پہلے دوسری دکان شامل کریں۔</translation>
    </message>
    <message>
        <source>Enter text here, not a number or a list.</source>
        <translation>یہاں عبارت لکھیں، نمبر یا فہرست نہیں۔</translation>
    </message>
    <message>
        <source>This text is too long (at most {n} characters).</source>
        <translation>یہ عبارت بہت لمبی ہے (زیادہ سے زیادہ {n} حروف)۔</translation>
    </message>
    <message>
        <source>Choose yes or no.</source>
        <translation>ہاں یا نہیں چنیں۔</translation>
    </message>
    <message>
        <source>the ledger is closed</source>
        <translation>کھاتہ بند ہو چکا ہے</translation>
    </message>
    <message>
        <source>the ledger is being restored</source>
        <translation>کھاتہ بیک اپ سے بحال ہو رہا ہے</translation>
    </message>
    <message>
        <source>The restore was cancelled; nothing was changed.</source>
        <translation>بحالی منسوخ کر دی گئی؛ کچھ تبدیل نہیں ہوا۔</translation>
    </message>
    <message>
        <source>the ledger is busy</source>
        <translation>کھاتہ مصروف ہے</translation>
    </message>
    <message>
        <source>No receipt or return slip with number “{receipt}”.</source>
        <translation>نمبر ”{receipt}“ کی کوئی رسید یا واپسی کی رسید نہیں ملی۔</translation>
    </message>
    <message>
        <source>“{value}” is not a valid value for the setting “{key}”.</source>
        <translation>”{value}” ترتیب “{key}“ کے لیے درست قدر نہیں ہے۔</translation>
    </message>
    <message>
        <source>There is no setting called “{key}”.</source>
        <translation>”{key}“ نام کی کوئی ترتیب نہیں ہے۔</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>Dukan POS</source>
        <translation>دکان POS</translation>
    </message>
</context>
</TS>
