# %%
other = ___ + 2
print("other:", other)
